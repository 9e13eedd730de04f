/**
 * Operations preloaded as tabs in the playground. They walk through the demo
 * story (the May 2017 Geneva talks on Syria, the US State Department's claim
 * of a crematorium at Saydnaya prison and the Syrian foreign ministry's
 * denial), so a newcomer sees real answers before writing a query of their own.
 *
 * Exported on their own so tests can run every one against the real schema:
 * an example that no longer validates is a broken first impression.
 */
export interface PlaygroundExample {
  /** Shown to people choosing an example; GraphiQL itself names tabs after the operation. */
  title: string;
  query: string;
  /** JSON text, as typed into GraphiQL's variables editor. */
  variables?: string;
  /** JSON text for GraphiQL's headers editor. */
  headers?: string;
}

/** Writing needs a key; the Headers tab shows where it goes. */
const KEY_HEADER = `{
  "Authorization": "Bearer paste-your-api-key-here"
}
`;

export const FIND_CLAIM: PlaygroundExample = {
  title: 'Find a claim',
  query: `# Full-text search over statements. Try it on the demo story: the US State
# Department said the Syrian government used a crematorium at Saydnaya prison.
# Each hit shows who said it, where it was reported, and who answered it.
# Copy an "id" from the result to use in the other tabs.
query FindClaim($search: String!) {
  statements(filter: { search: $search }, first: 5) {
    totalCount
    edges {
      cursor
      node {
        id
        text
        quote
        status
        disputed
        speaker { name }
        sources { name }
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
  variables: `{
  "search": "crematorium"
}
`,
};

export const HAS_THIS_BEEN_CHECKED: PlaygroundExample = {
  title: 'Has this been checked?',
  query: `# Paste a post, a paragraph or a transcript line into "text" (Variables).
# The answer: stored claims that match it, best first, each with a score
# from 0 to 1, our verdicts and other fact-checkers' reviews of it, and who
# rebutted it. Links are ignored; hashtags count as words.
# Raise minScore to keep only close matches.
query HasThisBeenChecked($text: String!) {
  similarStatements(text: $text, first: 5, minScore: 0.1) {
    score
    statement {
      id
      text
      status
      speaker { name }
      verdicts(first: 1) { status rationale createdAt }
      externalReviews(first: 3) { publisher headline ratingText url reviewDate }
      rebuttals(first: 3) { text speaker { name } }
    }
  }
}
`,
  variables: `{
  "text": "So the regime was burning prisoners' bodies at Saydnaya to hide how many it killed?? Seen this all day #Syria #Saydnaya https://t.co/abc123"
}
`,
};

export const FOLLOW_REBUTTAL: PlaygroundExample = {
  title: 'Follow a rebuttal',
  query: `# One statement in depth: the answers it drew (such as the Syrian foreign
# ministry's denial), where each answer was published and by whom, and the
# full verdict history with its evidence. Paste an id from FindClaim below.
query FollowRebuttal($id: ID!) {
  statement(id: $id) {
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
    version
  }
}
`,
  variables: `{
  "id": "paste an id from FindClaim"
}
`,
};

export const DISPUTED_STATEMENTS: PlaygroundExample = {
  title: 'Disputed statements',
  query: `# Statements that someone has publicly contradicted, each next to the reply
# it got: a quick way to see where the two sides of a story disagree.
query DisputedStatements {
  statements(filter: { disputed: true }) {
    edges {
      node {
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
  query: `# Who reported the story and who spoke in it. State-affiliated outlets are
# flagged so readers can weigh them; speaker search also matches aliases,
# e.g. the UN envoy to the Geneva talks, Staffan de Mistura.
query SourcesAndSpeakers {
  sources {
    edges {
      node {
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

export const SET_VERDICT: PlaygroundExample = {
  title: 'Record a verdict',
  query: `# Rate a statement and cite the evidence. Writing needs an API key: put a
# FACT_CHECKER (or ADMIN) key in the Headers tab below; the verdict is recorded
# under that key's name. expectedVersion must match the statement's current
# "version": if a colleague rated it in the meantime the write is refused
# instead of silently overwriting their verdict.
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
  variables: `{
  "input": {
    "statementId": "paste an id from FindClaim",
    "expectedVersion": 1,
    "status": "UNPROVEN",
    "rationale": "Why the evidence leads to this rating",
    "evidence": [
      {
        "url": "https://...",
        "title": "What the linked page shows",
        "stance": "CONTEXT"
      }
    ]
  }
}
`,
};

export const CREATE_STATEMENT: PlaygroundExample = {
  title: 'Create a statement',
  query: `# Log a new claim: who made it, what they said, and every place it was
# published. Needs a CONTRIBUTOR (or higher) key in the Headers tab. Speaker
# and source ids come from the "Sources and speakers" tab (add id to the
# fields there).
mutation CreateStatement($input: CreateStatementInput!) {
  createStatement(input: $input) {
    id
    text
    version
    speaker { name }
    appearances {
      url
      source { slug }
    }
  }
}
`,
  headers: KEY_HEADER,
  variables: `{
  "input": {
    "speakerId": "paste a speaker id",
    "text": "The claim, summarised in one neutral sentence",
    "quote": "The speaker's exact words, if there are any",
    "statedAt": "2017-05-16T12:00:00+02:00",
    "language": "en",
    "appearances": [
      {
        "sourceId": "paste a source id",
        "url": "https://...",
        "publishedAt": "2017-05-16T14:00:00+02:00",
        "wording": "How this outlet phrased it"
      }
    ]
  }
}
`,
};

/** In the order the tabs open: reading first, writing last. */
export const PLAYGROUND_EXAMPLES: readonly PlaygroundExample[] = [
  FIND_CLAIM,
  HAS_THIS_BEEN_CHECKED,
  FOLLOW_REBUTTAL,
  DISPUTED_STATEMENTS,
  SOURCES_AND_SPEAKERS,
  SET_VERDICT,
  CREATE_STATEMENT,
];
