/**
 * Operations preloaded as tabs in the playground. They walk through the demo
 * story (the May 2017 Geneva talks on Syria, the US State Department's claim
 * of a crematorium at Saydnaya prison and the Syrian foreign ministry's
 * denial), so a newcomer sees real answers before writing a query of their own.
 *
 * The tabs work in order with nothing to paste: the page is rendered with
 * the ids and current version of the story's main claim filled in (see
 * PlaygroundStart). Text a journalist must write themselves is an
 * angle-bracketed placeholder, which the API refuses, so sending a writing
 * tab unchanged stores nothing.
 *
 * Exported on their own so tests can run every one against the real schema:
 * an example that no longer validates is a broken first impression.
 */

/** The claim the tabs start from, looked up when the page is rendered. */
export interface PlaygroundStart {
  statementId: string;
  version: number;
  speakerId: string;
  sourceId: string;
}

export interface PlaygroundExample {
  /** Shown to people choosing an example; GraphiQL itself names tabs after the operation. */
  title: string;
  query: string;
  /** JSON text, as typed into GraphiQL's variables editor; filled from the starting claim when there is one. */
  variables?: (start: PlaygroundStart | undefined) => string;
  /** JSON text for GraphiQL's headers editor. */
  headers?: string;
  /** An answer with nothing in it is right on the demo story alone (the tab says how to fill it). */
  emptyOnDemo?: boolean;
}

/** Longest comment line: GraphiQL's editor shares the window with the results and cuts longer ones off. */
export const COMMENT_WIDTH = 56;

/** Writing needs a key; the Headers tab shows where it goes. */
export const KEY_PLACEHOLDER = '<your API key>';
const KEY_HEADER = `{
  "Authorization": "Bearer ${KEY_PLACEHOLDER}"
}
`;

/** Without a starting claim (a newsroom's own data, no demo), ids must come from another tab. */
const NO_ID = '<an id from the Find a claim tab>';

/** What Find a claim searches for; the other tabs start from its first hit. */
const START_SEARCH = 'crematorium';

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

export const FIND_CLAIM: PlaygroundExample = {
  title: 'Find a claim',
  query: `# Full-text search over statements. The demo story:
# the US State Department said the Syrian government
# used a crematorium at Saydnaya prison.
# Each hit shows who said it, where it was reported
# and who answered it, with the id and version the
# other tabs use (they are filled in for the first
# hit already).
query FindClaim($search: String!) {
  statements(filter: { search: $search }, first: 5) {
    totalCount
    edges {
      node {
        id
        version
        text
        quote
        status
        disputed
        speaker { id name }
        sources { id name }
        rebuttals {
          id
          text
          speaker { name }
        }
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
`,
  variables: () => json({ search: START_SEARCH }),
};

export const HAS_THIS_BEEN_CHECKED: PlaygroundExample = {
  title: 'Has this been checked?',
  query: `# Paste a post, a paragraph or a transcript line
# into "text" (Variables, below). The answer: stored
# claims that match it, best first, each scored
# from 0 to 1, with our verdicts, other
# fact-checkers' reviews, and who rebutted it.
# Links are ignored; hashtags count as words.
# Raise minScore to keep only close matches.
query HasThisBeenChecked($text: String!) {
  similarStatements(text: $text, first: 5, minScore: 0.1) {
    score
    statement {
      id
      version
      text
      status
      speaker { name }
      verdicts(first: 1) { status rationale createdAt }
      externalReviews(first: 3) {
        publisher
        headline
        ratingText
        url
        reviewDate
      }
      rebuttals(first: 3) { text speaker { name } }
    }
  }
}
`,
  variables: () =>
    json({
      text: "So the regime was burning prisoners' bodies at Saydnaya to hide how many it killed?? Seen this all day #Syria #Saydnaya https://t.co/abc123",
    }),
};

export const FOLLOW_REBUTTAL: PlaygroundExample = {
  title: 'Follow a rebuttal',
  query: `# One statement in depth: the answers it drew (such
# as the Syrian foreign ministry's denial), where
# each was published and by whom, and the full
# verdict history with its evidence.
# "id" (Variables) is the first hit of Find a claim;
# put any other id there.
query FollowRebuttal($id: ID!) {
  statement(id: $id) {
    id
    version
    text
    speaker { name }
    statedAt
    disputed
    rebuttals {
      text
      speaker { name }
      appearances {
        url
        publishedAt
        wording
        source {
          name
          kind
          stateAffiliated
        }
      }
    }
    appearances {
      url
      source { name }
    }
    verdict {
      status
      rationale
    }
    verdicts {
      status
      rationale
      reviewer
      createdAt
      evidence {
        url
        title
        stance
      }
    }
  }
}
`,
  variables: (start) => json({ id: start?.statementId ?? NO_ID }),
};

export const HOW_IT_SPREAD: PlaygroundExample = {
  title: 'How it spread',
  query: `# Who carried the claim first, who picked it up,
# how long after (lagSeconds), where each outlet said
# it got it (carriedFrom), and whether it kept the
# words (fidelity). The denial that answers it is
# followed the same way: SANA first, then the others.
query HowItSpread($id: ID!) {
  statement(id: $id) {
    text
    propagation { ...Spread }
    rebuttals(first: 3) {
      text
      speaker { name }
      propagation { ...Spread }
    }
  }
}

fragment Spread on Propagation {
  outlets
  first {
    source { name }
    publishedAt
    appearance { url }
  }
  later {
    source { name }
    publishedAt
    lagSeconds
    carriedFrom { name }
    appearance { fidelity { kind } }
  }
}
`,
  variables: (start) => json({ id: start?.statementId ?? NO_ID }),
};

export const REVIEW_QUEUE: PlaygroundExample = {
  title: 'Review queue',
  query: `# Findings to look at again: past their review
# date, or reopened because an outlet carried the
# claim again or a new statement repeated it. Most
# new reach first; each item says why it is there.
# (In the demo, the desk set a year's review on the
# finding about the Jaafari-Gatilov meeting.)
query ReviewQueue {
  reviewQueue(first: 5) {
    totalCount
    edges {
      node {
        statement { id text status }
        finding { status createdAt reviewAfter }
        reach
        newAppearances
        repeats
        reasons { kind count message }
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}
`,
};

export const DISAGREEMENTS: PlaygroundExample = {
  title: 'Fact-checkers disagree',
  query: `# Claims other fact-checkers rate differently: their
# imported ClaimReviews, for one statement or for
# statements linked REPEATS, side by side with each
# publisher's rating, date and URL. On the demo data
# the two reviews are illustrative, by publishers
# that do not exist; importClaimReviews brings in
# real ones.
query Disagreements {
  disagreements(first: 5) {
    totalCount
    edges {
      node {
        statement { id text status }
        statuses
        publishers
        latestReviewAt
        reviews {
          publisher
          ratingText
          status
          reviewDate
          url
        }
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}
`,
};

export const EVIDENCE_CHECKS: PlaygroundExample = {
  title: 'Evidence checks',
  query: `# Is the evidence behind a finding still there?
# Each evidence URL is fetched after its verdict (a
# snapshot: status, final URL, SHA-256, title) and
# re-checked weekly; pages GONE, CHANGED or MOVED go
# on the desk's list, and the verdict stays as it is.
# The demo story's evidence is never fetched, so its
# snapshots and the list stay empty here.
query EvidenceChecks($id: ID!) {
  statement(id: $id) {
    verdict {
      status
      evidence {
        url
        snapshot { httpStatus finalUrl sha256 title fetchedAt }
        checks(first: 3) {
          totalCount
          edges { node { result reason fetchedAt } }
        }
      }
    }
  }
  verdictsWithRottenEvidence(first: 5) {
    totalCount
    edges {
      node {
        statement { text }
        verdict { status createdAt }
        rotten { result reason evidence { url } }
      }
    }
  }
}
`,
  variables: (start) => json({ id: start?.statementId ?? NO_ID }),
  emptyOnDemo: true,
};

export const DISPUTED_STATEMENTS: PlaygroundExample = {
  title: 'Disputed statements',
  query: `# Statements someone has publicly contradicted,
# each next to the reply it got: where the two sides
# of a story disagree.
query DisputedStatements {
  statements(filter: { disputed: true }) {
    edges {
      node {
        id
        text
        speaker { name }
        rebuttals {
          text
          speaker { name }
        }
      }
    }
  }
}
`,
};

export const SOURCES_AND_SPEAKERS: PlaygroundExample = {
  title: 'Sources and speakers',
  query: `# Who reported the story and who spoke in it.
# State-affiliated outlets are flagged so readers
# can weigh them; speaker search also matches
# aliases, e.g. the UN envoy to the Geneva talks,
# Staffan de Mistura. The ids are what Create a
# statement takes.
query SourcesAndSpeakers {
  sources {
    edges {
      node {
        id
        slug
        name
        kind
        country
        stateAffiliated
      }
    }
  }
  speakers(search: "Mistura") {
    edges {
      node {
        id
        name
        title
        affiliation
        aliases
      }
    }
  }
}
`,
};

export const WATCH_VERDICTS: PlaygroundExample = {
  title: 'Watch for verdicts',
  query: `# Live updates: run this, then record a verdict in
# the next tab (or let a colleague do it); each new
# verdict appears here as it is set. It runs over a
# WebSocket on this same address (graphql-ws).
# Stop it with the button above.
subscription WatchVerdicts {
  verdictChanged {
    eventId
    verdict {
      status
      rationale
      reviewer
      statement {
        id
        version
        text
      }
    }
  }
}
`,
};

export const SET_VERDICT: PlaygroundExample = {
  title: 'Record a verdict',
  query: `# Rate a statement and cite the evidence. Verdicts
# are permanent: replace every <...> in Variables
# with your own words first (sent unchanged, it is
# refused and nothing is stored).
# Needs a FACT_CHECKER (or ADMIN) key in Headers,
# below; the verdict carries that key's name.
# expectedVersion is the statement's "version" as
# you read it: if a colleague rated it since, the
# write is refused instead of overwriting theirs.
mutation SetVerdict($input: SetVerdictInput!) {
  setVerdict(input: $input) {
    id
    status
    rationale
    reviewer
    createdAt
    evidence {
      url
      stance
    }
    statement {
      id
      status
      version
    }
  }
}
`,
  headers: KEY_HEADER,
  variables: (start) =>
    json({
      input: {
        statementId: start?.statementId ?? NO_ID,
        expectedVersion: start?.version ?? 1,
        status: 'UNPROVEN',
        rationale: '<why the evidence leads to this rating>',
        evidence: [
          {
            url: '<https:// address of the page you cite>',
            title: '<what the linked page shows>',
            stance: 'CONTEXT',
          },
        ],
      },
    }),
};

export const CREATE_STATEMENT: PlaygroundExample = {
  title: 'Create a statement',
  query: `# Log a new claim: who made it, what they said,
# and every place it was published. Replace every
# <...> in Variables first. Needs a CONTRIBUTOR
# (or higher) key in Headers. The speaker and the
# source are those of the demo claim; other ids
# come from the Sources and speakers tab.
mutation CreateStatement($input: CreateStatementInput!) {
  createStatement(input: $input) {
    id
    version
    text
    speaker { name }
    appearances {
      url
      source { name }
    }
  }
}
`,
  headers: KEY_HEADER,
  variables: (start) =>
    json({
      input: {
        speakerId: start?.speakerId ?? '<a speaker id from Sources and speakers>',
        text: '<the claim, summarised in one neutral sentence>',
        quote: "<the speaker's exact words, or remove this line>",
        statedAt: '2017-05-16T12:00:00+02:00',
        language: 'en',
        appearances: [
          {
            sourceId: start?.sourceId ?? '<a source id from Sources and speakers>',
            url: '<https:// address of the report>',
            publishedAt: '2017-05-16T14:00:00+02:00',
            wording: '<how this outlet phrased it>',
          },
        ],
      },
    }),
};

/** In the order the tabs open: reading first, then watching, writing last. */
export const PLAYGROUND_EXAMPLES: readonly PlaygroundExample[] = [
  FIND_CLAIM,
  HAS_THIS_BEEN_CHECKED,
  FOLLOW_REBUTTAL,
  HOW_IT_SPREAD,
  REVIEW_QUEUE,
  DISAGREEMENTS,
  EVIDENCE_CHECKS,
  DISPUTED_STATEMENTS,
  SOURCES_AND_SPEAKERS,
  WATCH_VERDICTS,
  SET_VERDICT,
  CREATE_STATEMENT,
];

/**
 * Finds the starting claim, Find a claim's first hit (in the demo story, the
 * State Department's accusation), through the API itself. Data without a
 * match leaves the ids as placeholders.
 */
export const START_QUERY = `query PlaygroundStart {
  statements(filter: { search: ${JSON.stringify(START_SEARCH)} }, first: 1) {
    edges { node { id version speaker { id } sources(first: 1) { id } } }
  }
}`;

interface StartData {
  statements: { edges: { node: { id: string; version: number; speaker: { id: string }; sources: { id: string }[] } }[] };
}

export function startFrom(data: unknown): PlaygroundStart | undefined {
  const node = (data as StartData | null | undefined)?.statements?.edges?.[0]?.node;
  const sourceId = node?.sources[0]?.id;
  if (!node || !sourceId) return undefined;
  return { statementId: node.id, version: node.version, speakerId: node.speaker.id, sourceId };
}
