// The events governance emits: a proposal submitted or changing status (the explorer's timeline
// and the live stream follow them).
import type { ModuleEvent } from '../module.ts';
import type { GovProposal } from './state.ts';

/** The event of a proposal submitted or changing status. */
export function proposalEvent(p: GovProposal): ModuleEvent {
  return {
    module: 'governance',
    type: 'proposal',
    attributes: { id: p.id, kind: p.kind, status: p.status, title: p.title },
  };
}
