// Asks once for the name others see next to this user's caret; "Guest N" until then.
import { useState, type FormEvent } from 'react';
import { localUser, storeName, storedName, cleanName, type PresenceUser } from '../collab/presence.ts';

export function usePresenceUser(): [PresenceUser, (u: PresenceUser) => void] {
  const [user, setUser] = useState<PresenceUser>(localUser);
  return [user, setUser];
}

export function NamePrompt({ user, onChange }: { user: PresenceUser; onChange: (u: PresenceUser) => void }) {
  const [open, setOpen] = useState(() => storedName() === null);
  const [draft, setDraft] = useState('');
  if (!open) return null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const name = cleanName(draft) ?? user.name;
    storeName(name);
    onChange({ ...user, name });
    setOpen(false);
  };
  return (
    <form className="name-prompt" onSubmit={submit}>
      <label>
        Your name, as others in the room will see it:{' '}
        <input value={draft} onChange={(e) => setDraft(e.target.value)} placeholder={user.name} maxLength={40} />
      </label>
      <button type="submit">{cleanName(draft) ? 'Save' : `Stay “${user.name}”`}</button>
    </form>
  );
}
