// Ends this browser's session (POST /api/logout clears the HTTP-only cookie), then the sign-in page.
import { useState } from 'react';
import { useSession } from '../session.tsx';

export function SignOutButton({ className = 'bar-button' }: { className?: string }) {
  const session = useSession();
  const [state, setState] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  const signOut = async () => {
    setState({ busy: true, error: null });
    try {
      await session.signOut();
    } catch (err) {
      setState({ busy: false, error: err instanceof Error ? err.message : String(err) });
    }
  };
  return (
    <button
      type="button"
      className={className}
      data-sign-out
      disabled={state.busy}
      onClick={() => void signOut()}
      title={state.error ? `Could not sign out: ${state.error}` : 'Sign out of this browser'}
    >
      {state.error ? 'Sign out (failed, retry)' : 'Sign out'}
    </button>
  );
}
