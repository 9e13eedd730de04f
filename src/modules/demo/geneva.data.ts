import type { DemoStory } from './demo.types.js';

/**
 * Demo story: the opening of the sixth UN-sponsored round of Syria negotiations
 * in Geneva, May 2017.
 *
 * Everything here is drawn from one published report of the opening day. The
 * narration (`text`, `wording`, rationales, notes) is written afresh; only
 * `quote` fields carry the speakers' own words, because recording exactly
 * what was said is what the database is for.
 *
 * Dates: where the reporting fixes only the day, the time is a nominal
 * 12:00 UTC, which keeps the calendar day correct when rendered in any
 * timezone between UTC-11 and UTC+11. Where the reporting only says
 * "recently" or gives no day, `statedAt` is left out rather than guessed.
 *
 * URLs: the Al Jazeera address is the report's own. The AFP and SANA
 * addresses are illustrative paths on the outlets' real domains: the report
 * credits those outlets without linking to their items.
 *
 * Propagation: the accusation went out on the wires the day it was made and
 * reached the report the next day; the ministry's denial was issued through
 * SANA, which the others cite (`carriedFrom`). Only the day of each is
 * known, so appearances of one day share the nominal time and their order
 * is the order they are listed (recorded) in.
 */

const AJ_REPORT = 'https://www.aljazeera.com/news/2017/5/16/low-expectations-as-syria-talks-resume-in-geneva';
// Described rather than titled: the headline already sits in the URL slug.
const AJ_TITLE = 'Al Jazeera report from the opening day of the Geneva round, 16 May 2017';
const AFP_MUSLET = 'https://www.afp.com/en/news/2017-05-16/syria-opposition-urges-us-action-after-saydnaya-crematorium-claim';
const SANA_JAAFARI_GATILOV = 'https://sana.sy/en/?p=106312';
const AFP_CREMATORIUM = 'https://www.afp.com/en/news/2017-05-15/us-says-syria-built-crematorium-saydnaya-prison';
const SANA_MFA_DENIAL = 'https://sana.sy/en/?p=106271';
const AFP_MFA_DENIAL = 'https://www.afp.com/en/news/2017-05-16/syria-denies-us-crematorium-claim';

const DAY_ACCUSATION = '2017-05-15T12:00:00Z';
const DAY_TALKS = '2017-05-16T12:00:00Z';

export const genevaStory: DemoStory = {
  sources: [
    {
      key: 'al-jazeera',
      slug: 'al-jazeera',
      name: 'Al Jazeera',
      kind: 'BROADCASTER',
      country: 'QA',
      homepageUrl: 'https://www.aljazeera.com',
      // The flag records ownership and funding, not a judgement of the
      // journalism: the network is funded by the State of Qatar and has no
      // statutory independence regime comparable to AFP's, so readers
      // weighing its coverage of regional politics should be told.
      stateAffiliated: true,
    },
    {
      key: 'afp',
      slug: 'afp',
      name: 'Agence France-Presse (AFP)',
      kind: 'NEWS_AGENCY',
      country: 'FR',
      homepageUrl: 'https://www.afp.com',
      // Although the French state is a major customer, AFP's 1957 statute
      // bars government control of its editorial line, so it is not flagged.
      stateAffiliated: false,
    },
    {
      key: 'sana',
      slug: 'sana',
      name: 'Syrian Arab News Agency (SANA)',
      kind: 'STATE_MEDIA',
      country: 'SY',
      homepageUrl: 'https://sana.sy',
      stateAffiliated: true,
    },
    // Assad's remarks on Geneva were given to a Belarusian TV network, but
    // the reporting does not name it; recording it under an invented name
    // would put a false source into the record, so it is left out and the
    // statement is sourced to the outlet that relayed it.
  ],

  speakers: [
    {
      key: 'us-state-department',
      name: 'US Department of State',
      kind: 'GOVERNMENT_BODY',
      affiliation: 'Government of the United States',
      aliases: ['State Department', 'US State Department'],
    },
    {
      key: 'syria-foreign-ministry',
      name: 'Ministry of Foreign Affairs and Expatriates of Syria',
      kind: 'GOVERNMENT_BODY',
      affiliation: 'Government of Syria',
      aliases: ['Syrian foreign ministry', "Syria's foreign ministry", 'Syrian Ministry of Foreign Affairs'],
    },
    {
      key: 'bashar-al-assad',
      name: 'Bashar al-Assad',
      kind: 'PERSON',
      title: 'President of Syria',
      affiliation: 'Government of Syria',
      aliases: ['Assad', 'President Assad'],
    },
    {
      key: 'staffan-de-mistura',
      name: 'Staffan de Mistura',
      kind: 'PERSON',
      title: 'UN Special Envoy for Syria',
      affiliation: 'United Nations',
      aliases: ['de Mistura'],
    },
    {
      key: 'salem-al-muslet',
      name: 'Salem al-Muslet',
      kind: 'PERSON',
      title: 'Spokesperson',
      affiliation: 'High Negotiations Committee (HNC)',
      aliases: ['Muslet'],
    },
    {
      key: 'hnc',
      name: 'High Negotiations Committee',
      kind: 'ORGANIZATION',
      affiliation: 'Syrian opposition',
      aliases: ['HNC'],
    },
    {
      key: 'bashar-al-jaafari',
      name: 'Bashar al-Jaafari',
      kind: 'PERSON',
      title: "Chief negotiator for the Syrian government; Syria's ambassador to the UN",
      affiliation: 'Government of Syria',
      aliases: ['Jaafari'],
    },
    {
      // SANA is a source, not a speaker, and the report gives Jaafari no words
      // of his own about the meeting. SANA speaks for the Syrian state, so
      // its account of the delegation's day is attributed to the delegation
      // itself rather than put in Jaafari's mouth.
      key: 'syria-government-delegation',
      name: 'Syrian government delegation to the Geneva talks',
      kind: 'GOVERNMENT_BODY',
      affiliation: 'Government of Syria',
      aliases: ['Syrian government delegation', "Jaafari's delegation"],
    },
    {
      key: 'mohammed-jamjoom',
      name: 'Mohammed Jamjoom',
      kind: 'PERSON',
      title: 'Correspondent',
      affiliation: 'Al Jazeera',
      aliases: ['Jamjoom'],
    },
  ],

  statements: [
    {
      key: 'state-dept-saydnaya-crematorium',
      speaker: 'us-state-department',
      text:
        "Washington alleges that Assad's government built and used a crematorium at Saydnaya military prison, near Damascus, to dispose of the bodies of thousands of detainees who had been killed there, hiding the scale of the killing.",
      statedAt: DAY_ACCUSATION,
      language: 'en',
      appearances: [
        {
          source: 'afp',
          url: AFP_CREMATORIUM,
          publishedAt: DAY_ACCUSATION,
          wording:
            'The State Department said the Syrian government had built a crematorium at Saydnaya prison to dispose of the bodies of detainees killed there.',
        },
        {
          source: 'al-jazeera',
          url: AJ_REPORT,
          publishedAt: DAY_TALKS,
          wording:
            'Reported as a Monday charge by the US that Damascus burned the remains of thousands of Saydnaya inmates to conceal their deaths, a claim that sharpened tensions as the talks opened.',
        },
      ],
    },
    {
      key: 'syria-mfa-denies-crematorium',
      speaker: 'syria-foreign-ministry',
      text:
        'Damascus rejects outright the US allegation of a crematorium at Saydnaya, describing it as "a new Hollywood plot" invented to give Washington a pretext for intervening in Syria.',
      quote: 'a new Hollywood plot',
      statedAt: DAY_TALKS,
      language: 'en',
      appearances: [
        {
          source: 'sana',
          url: SANA_MFA_DENIAL,
          publishedAt: DAY_TALKS,
          wording: 'The foreign ministry called the US allegation of a crematorium at Saydnaya "a new Hollywood plot".',
        },
        {
          source: 'afp',
          url: AFP_MFA_DENIAL,
          publishedAt: DAY_TALKS,
          carriedFrom: 'sana',
          wording: 'Damascus denied the claim, calling it "a new Hollywood plot", in a foreign ministry statement carried by SANA.',
        },
        {
          source: 'al-jazeera',
          url: AJ_REPORT,
          publishedAt: DAY_TALKS,
          carriedFrom: 'sana',
          wording:
            'On Tuesday the ministry was said to have dismissed the allegation "categorically", casting it as fiction staged to excuse American involvement in the war.',
        },
      ],
    },
    {
      key: 'muslet-us-must-respond',
      speaker: 'salem-al-muslet',
      text:
        'The opposition says the new Saydnaya allegations call for a response, and urges the United States and its other friends to take action soon to protect Syrian lives.',
      quote:
        'it needs some action from the [United] States, from our friends',
      statedAt: DAY_TALKS,
      language: 'en',
      appearances: [
        {
          source: 'afp',
          url: AFP_MUSLET,
          publishedAt: DAY_TALKS,
          wording:
            "Ahead of the HNC's opening session, the spokesman told the agency that Washington is aware of the situation on the ground and should act.",
        },
        {
          source: 'al-jazeera',
          url: AJ_REPORT,
          publishedAt: DAY_TALKS,
          carriedFrom: 'afp',
          wording:
            'Citing his remarks to AFP, the report had the opposition spokesman arguing that the fresh charges required an answer from the Americans.',
        },
      ],
    },
    {
      key: 'assad-geneva-null',
      speaker: 'bashar-al-assad',
      text:
        'Assad dismisses the Geneva negotiations as "null", saying they amount to nothing beyond a media event.',
      quote: 'merely a meeting for the media',
      // The interview is reported only as recent; its date is not given.
      language: 'en',
      appearances: [
        {
          source: 'al-jazeera',
          url: AJ_REPORT,
          publishedAt: DAY_TALKS,
          wording:
            'Relayed from an interview with Belarusian television: the Syrian president said the UN track was worthless and existed mainly for the cameras.',
        },
      ],
    },
    {
      key: 'de-mistura-astana-in-tandem',
      speaker: 'staffan-de-mistura',
      text:
        'The UN envoy rejects the idea that the Astana process rivals Geneva, saying the two tracks are "working in tandem".',
      quote: 'working in tandem',
      language: 'en',
      appearances: [
        {
          source: 'al-jazeera',
          url: AJ_REPORT,
          publishedAt: DAY_TALKS,
          wording:
            'The envoy was reported as brushing aside talk of competition with the Kazakhstan-hosted negotiations, describing the two as complementary.',
        },
      ],
    },
    {
      key: 'muslet-only-geneva-deals',
      speaker: 'salem-al-muslet',
      text:
        'The opposition recognises only agreements reached in the UN-led Geneva talks and gives no weight to deals struck in Astana.',
      quote: 'deals that are agreed upon here in Geneva – not in Astana',
      language: 'en',
      appearances: [
        {
          source: 'al-jazeera',
          url: AJ_REPORT,
          publishedAt: DAY_TALKS,
          wording:
            'Presented as the HNC position that the UN forum matters far more than Astana, with Muslet saying only Geneva agreements count.',
        },
      ],
    },
    {
      key: 'de-mistura-no-hope-alternative',
      speaker: 'staffan-de-mistura',
      text:
        'Without negotiations, the envoy argues, Syria is left with "no discussion [and] no hope", so the talks remain worth pursuing.',
      quote: 'no discussion [and] no hope',
      statedAt: DAY_TALKS,
      language: 'en',
      appearances: [
        {
          source: 'al-jazeera',
          url: AJ_REPORT,
          publishedAt: DAY_TALKS,
          wording:
            'The envoy, described as persistently pushing back against gloom, said on Tuesday that abandoning talks would leave neither dialogue nor hope.',
        },
      ],
    },
    {
      key: 'jaafari-met-gatilov',
      speaker: 'syria-government-delegation',
      text:
        "Bashar al-Jaafari held a meeting with Russia's deputy foreign minister, Gennady Gatilov, on the opening day of the round, then went back to the UN for more talks that evening.",
      statedAt: DAY_TALKS,
      language: 'en',
      appearances: [
        {
          source: 'sana',
          url: SANA_JAAFARI_GATILOV,
          publishedAt: DAY_TALKS,
          wording:
            "The state agency said the head of the government delegation saw Gatilov in Geneva before resuming the day's sessions at the UN.",
        },
        {
          source: 'al-jazeera',
          carriedFrom: 'sana',
          url: AJ_REPORT,
          publishedAt: DAY_TALKS,
          wording:
            'Attributed to SANA: Jaafari saw the Russian deputy minister and afterwards returned to UN premises for an evening round.',
        },
      ],
    },
    {
      key: 'hnc-assad-must-go',
      speaker: 'hnc',
      text:
        'The opposition demands that any political transition include Assad stepping down, a condition Damascus refuses to accept.',
      language: 'en',
      appearances: [
        {
          source: 'al-jazeera',
          url: AJ_REPORT,
          publishedAt: DAY_TALKS,
          wording:
            "Described as the committee's standing demand that the president leave power under a transition, and as the main obstacle in the talks.",
        },
      ],
    },
    {
      key: 'muslet-first-session-agenda',
      speaker: 'salem-al-muslet',
      text:
        "The HNC's opening session with the UN envoy dealt with freeing detainees and with drafting a new constitution.",
      statedAt: DAY_TALKS,
      language: 'en',
      appearances: [
        {
          source: 'al-jazeera',
          url: AJ_REPORT,
          publishedAt: DAY_TALKS,
          wording:
            'After the meeting the spokesman said detainee releases and constitutional reform had been the subjects of the first sitting.',
        },
      ],
    },
    {
      key: 'jamjoom-diplomats-sceptical',
      speaker: 'mohammed-jamjoom',
      text:
        "Diplomats involved in the Geneva process are more doubtful about it than ever, a mood fed by Assad's dismissal of the talks and by uncertainty over where Washington stands on Syria.",
      quote:
        'the most amount of scepticism that I have heard',
      statedAt: DAY_TALKS,
      language: 'en',
      appearances: [
        {
          source: 'al-jazeera',
          url: AJ_REPORT,
          publishedAt: DAY_TALKS,
          wording:
            "The network's Geneva correspondent described deeper doubt among diplomats than he had met before on this track.",
        },
      ],
    },
    {
      key: 'jamjoom-geneva-may-collapse',
      speaker: 'mohammed-jamjoom',
      text:
        'Unless the envoy secures something substantial in this round, the whole Geneva track risks falling apart.',
      quote:
        'the whole Geneva process could collapse all together',
      statedAt: DAY_TALKS,
      language: 'en',
      appearances: [
        {
          source: 'al-jazeera',
          url: AJ_REPORT,
          publishedAt: DAY_TALKS,
          wording:
            'The correspondent closed the report by warning that a round without a meaningful result could finish off the UN process.',
        },
      ],
    },
  ],

  links: [
    {
      from: 'syria-mfa-denies-crematorium',
      to: 'state-dept-saydnaya-crematorium',
      kind: 'REBUTS',
      note: 'Damascus denies the crematorium allegation outright and calls it a fabrication meant to justify US intervention.',
    },
    {
      from: 'muslet-us-must-respond',
      to: 'state-dept-saydnaya-crematorium',
      kind: 'SUPPORTS',
      note: 'The opposition takes the US allegation as given and asks Washington to act on it.',
    },
    {
      from: 'muslet-only-geneva-deals',
      to: 'de-mistura-astana-in-tandem',
      kind: 'REBUTS',
      note: 'The envoy presents Astana as complementary; the opposition refuses to recognise anything agreed there, denying the two tracks equal standing.',
    },
    {
      from: 'de-mistura-no-hope-alternative',
      to: 'assad-geneva-null',
      kind: 'REBUTS',
      note: 'Against the claim that Geneva is an empty media exercise, the envoy argues the talks are the only path that keeps hope alive.',
    },
    {
      from: 'jamjoom-diplomats-sceptical',
      to: 'assad-geneva-null',
      kind: 'CLARIFIES',
      note: "The correspondent cites Assad's dismissal as one reason for the diplomats' doubts, placing the remark in context without endorsing it.",
    },
  ],

  verdicts: [
    {
      statement: 'state-dept-saydnaya-crematorium',
      status: 'IN_REVIEW',
      reviewer: 'Verification desk',
      rationale:
        'The allegation comes from the US government and the Syrian government denies it; the report that carries both presents no independent evidence either way, so it stays open.',
      evidence: [{ url: AJ_REPORT, title: AJ_TITLE, stance: 'CONTEXT' }],
    },
    {
      statement: 'jaafari-met-gatilov',
      status: 'IN_REVIEW',
      reviewer: 'Demo desk',
      rationale: 'Only one account so far, from Syrian state media; checking whether it was carried elsewhere.',
      evidence: [],
    },
    {
      statement: 'jaafari-met-gatilov',
      status: 'TRUE',
      reviewer: 'Verification desk',
      rationale:
        "SANA reported the meeting and Al Jazeera carried the account, attributed to SANA. No party disputes it, and a meeting between the government delegation and an allied minister during the round is routine. The rating rests on SANA's report, not on independent confirmation.",
      // Only the report's own address is cited: the SANA path above is
      // illustrative and must not pass for a checked document.
      evidence: [{ url: AJ_REPORT, title: AJ_TITLE, stance: 'SUPPORTS' }],
      // Resting on one state outlet's account, the finding was to be looked
      // at again a year on: the review queue lists it as due.
      reviewAfter: '2018-05-16T12:00:00Z',
    },
    {
      statement: 'assad-geneva-null',
      status: 'UNPROVEN',
      reviewer: 'Verification desk',
      rationale:
        'That Assad said this is reported; whether the talks are "null" is a judgement, not a checkable fact. Five earlier rounds produced no settlement, which lends weight to his view, yet on the opening day the opposition held a working session on detainees and a new constitution, which cuts against it.',
      evidence: [{ url: AJ_REPORT, title: AJ_TITLE, stance: 'CONTEXT' }],
    },
    {
      statement: 'syria-mfa-denies-crematorium',
      status: 'IN_REVIEW',
      reviewer: 'Verification desk',
      rationale: 'Stands or falls with the US allegation it answers, which is itself under review.',
      evidence: [],
    },
  ],
  // Not from the report: two illustrative reviews by publishers that do not
  // exist (their addresses are on .example, a domain reserved for examples),
  // so that the Disagreements tab has something to show. They differ as
  // desks often do over an account only state media carried: one takes the
  // report as good enough, the other wants a second source.
  externalReviews: [
    {
      statement: 'jaafari-met-gatilov',
      publisher: 'Illustrative Fact Desk (demo)',
      publisherUrl: 'https://fact-desk.example/',
      url: 'https://fact-desk.example/reviews/2017/jaafari-gatilov-geneva',
      headline: 'Illustrative review: the Jaafari–Gatilov meeting in Geneva',
      reviewDate: '2017-05-18T12:00:00Z',
      rating: 'True',
    },
    {
      statement: 'jaafari-met-gatilov',
      publisher: 'Illustrative Verification Unit (demo)',
      publisherUrl: 'https://verification-unit.example/',
      url: 'https://verification-unit.example/checks/syria-geneva-round-six-meeting',
      headline: 'Illustrative review: a meeting known from one state agency only',
      reviewDate: '2017-05-19T12:00:00Z',
      rating: 'Unverified',
    },
  ],
};
