// Screen negotiation: a co-facilitator enters a proposal, support or objection for a delegation that
// takes the floor in the room. Choosing the delegation shows the proposals panel as that delegation
// would see it; what is sent carries `onBehalfOf`, and the server records it as entered by the
// co-facilitator for that delegation (server/src/http/operations.ts; docs/design.md §11).
import { useState } from 'react';
import type { Editor } from '@tiptap/core';
import type { WebsocketProvider } from 'y-websocket';
import { useSession } from '../session.tsx';
import { DelegationSelect } from './DelegationSelect.tsx';
import { ProposalPanel } from './ProposalPanel.tsx';
import type { HistoryTarget } from './HistoryPanel.tsx';

export function ScreenEntry(props: { editor: Editor; documentId: string; provider: WebsocketProvider; onHistory: (t: HistoryTarget) => void }) {
  const session = useSession();
  const [speaker, setSpeaker] = useState('');
  const delegations = session.negotiation?.delegations ?? [];
  return (
    <section className="panel screen-entry" data-panel="screen-entry" aria-label="Enter for a delegation">
      <h3>Enter for a delegation</h3>
      <label>
        Delegation speaking{' '}
        <DelegationSelect delegations={delegations} value={speaker} onChange={setSpeaker} emptyLabel="Choose…" data-screen-delegation />
      </label>
      {delegations.length === 0 && <p className="muted">This negotiation has no delegations yet.</p>}
      {speaker && <ProposalPanel key={speaker} {...props} delegationId={speaker} screen />}
    </section>
  );
}
