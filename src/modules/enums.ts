import { registerEnumType } from 'type-graphql';
import { EvidenceStance, LinkKind, ReopenReason, SourceKind, SpeakerKind, VerificationStatus } from '../generated/prisma/enums.js';

/**
 * The GraphQL enums are the database enums: one vocabulary from storage to
 * client, with a description for each value.
 */
registerEnumType(SourceKind, {
  name: 'SourceKind',
  description: 'What kind of outlet a source is.',
  valuesConfig: {
    NEWS_AGENCY: { description: 'A wire service selling copy to other outlets (AFP, Reuters, AP).' },
    BROADCASTER: { description: 'A television or radio network and its websites.' },
    NEWSPAPER: { description: 'A printed or digital newspaper.' },
    STATE_MEDIA: { description: 'An outlet run by a state, such as a state news agency.' },
    GOVERNMENT: { description: 'An official government channel: a ministry website, a spokesperson.' },
    ONLINE: { description: 'An online-only publication, blog or social media account.' },
    OTHER: { description: 'Anything else.' },
  },
});

registerEnumType(SpeakerKind, {
  name: 'SpeakerKind',
  description: 'Who a speaker is.',
  valuesConfig: {
    PERSON: { description: 'A named individual.' },
    ORGANIZATION: { description: 'A non-governmental organisation, party, company or movement.' },
    GOVERNMENT_BODY: { description: 'A government, ministry, agency or other state body.' },
  },
});

registerEnumType(VerificationStatus, {
  name: 'VerificationStatus',
  description:
    'Where a statement stands after fact-checking. Every status except UNVERIFIED and IN_REVIEW is a finding and needs a rationale and at least one piece of evidence.',
  valuesConfig: {
    UNVERIFIED: { description: 'Nobody has checked it yet (the default).' },
    IN_REVIEW: { description: 'A fact-checker is working on it.' },
    TRUE: { description: 'Accurate, with nothing significant missing.' },
    MOSTLY_TRUE: { description: 'Accurate but needs clarification or context.' },
    MIXED: { description: 'Partly accurate and partly not.' },
    MISLEADING: { description: 'Contains accurate elements but gives a false impression.' },
    MOSTLY_FALSE: { description: 'Contains an element of truth but ignores critical facts.' },
    FALSE: { description: 'Not accurate.' },
    UNPROVEN: { description: 'Checked, but the evidence available neither proves nor disproves it.' },
  },
});

registerEnumType(LinkKind, {
  name: 'LinkKind',
  description: 'How one statement relates to another. A link points from the statement that responds to the statement it responds to.',
  valuesConfig: {
    REBUTS: { description: 'Disputes or denies the other statement.' },
    SUPPORTS: { description: 'Backs the other statement up.' },
    REPEATS: { description: 'Says the same thing again, possibly in other words or by another speaker.' },
    CLARIFIES: { description: 'Explains, qualifies or gives context to the other statement.' },
  },
});

registerEnumType(EvidenceStance, {
  name: 'EvidenceStance',
  description: 'What a piece of evidence does to the statement under review.',
  valuesConfig: {
    SUPPORTS: { description: 'The evidence backs the statement.' },
    REFUTES: { description: 'The evidence contradicts the statement.' },
    CONTEXT: { description: 'The evidence gives context without settling the question.' },
  },
});

registerEnumType(ReopenReason, {
  name: 'ReopenReason',
  description: 'What reached a statement whose finding was past its review date, so that the service reopened review.',
  valuesConfig: {
    NEW_APPEARANCE: { description: 'A new appearance: an outlet carried it again.' },
    REPEATED: { description: 'A new statement was linked as REPEATS of it.' },
  },
});

export { EvidenceStance, LinkKind, ReopenReason, SourceKind, SpeakerKind, VerificationStatus };
