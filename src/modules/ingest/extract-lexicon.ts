/**
 * Word lists behind the attribution patterns. compromise tags parts of
 * speech, but it knows nothing about newsroom conventions (which verbs
 * attribute speech, which words are titles, which names are news outlets),
 * so those live here, in one place, where an editor can extend them.
 */

export type VerbKind =
  /** Reports speech; the clause after it is the statement ("said the talks failed"). */
  | 'speech'
  /** Takes a clause or an object; the verb stays in the text when no clause follows ("announced a ceasefire"). */
  | 'clause'
  /** Takes an object; the verb is part of what was said ("accused X of Y", "called X 'null'"). */
  | 'object';

export interface VerbInfo {
  /** The form reported to callers: the simple past, as journalists write it. */
  lemma: string;
  kind: VerbKind;
  denies: boolean;
}

interface VerbEntry extends VerbInfo {
  forms: string[];
}

const VERBS: VerbEntry[] = [
  { lemma: 'said', kind: 'speech', denies: false, forms: ['said', 'says', 'say', 'saying'] },
  { lemma: 'told', kind: 'speech', denies: false, forms: ['told', 'tells', 'telling'] },
  { lemma: 'added', kind: 'speech', denies: false, forms: ['added', 'adds', 'adding'] },
  { lemma: 'stated', kind: 'speech', denies: false, forms: ['stated', 'states'] },
  { lemma: 'wrote', kind: 'speech', denies: false, forms: ['wrote', 'writes', 'written'] },
  { lemma: 'continued', kind: 'speech', denies: false, forms: ['continued', 'continues'] },
  { lemma: 'testified', kind: 'clause', denies: false, forms: ['testified', 'testifies'] },
  { lemma: 'contended', kind: 'clause', denies: false, forms: ['contended', 'contends'] },
  { lemma: 'assured', kind: 'clause', denies: false, forms: ['assured', 'assures'] },
  { lemma: 'ruled', kind: 'clause', denies: false, forms: ['ruled', 'rules'] },
  { lemma: 'concluded', kind: 'clause', denies: false, forms: ['concluded', 'concludes'] },
  { lemma: 'decided', kind: 'clause', denies: false, forms: ['decided'] },
  { lemma: 'blasted', kind: 'object', denies: false, forms: ['blasted', 'blasts'] },
  { lemma: 'slammed', kind: 'object', denies: false, forms: ['slammed', 'slams'] },
  { lemma: 'tweeted', kind: 'speech', denies: false, forms: ['tweeted', 'tweets'] },
  { lemma: 'insisted', kind: 'clause', denies: false, forms: ['insisted', 'insists', 'insisting'] },
  { lemma: 'announced', kind: 'clause', denies: false, forms: ['announced', 'announces', 'announcing'] },
  { lemma: 'claimed', kind: 'clause', denies: false, forms: ['claimed', 'claims', 'claiming'] },
  { lemma: 'argued', kind: 'clause', denies: false, forms: ['argued', 'argues', 'arguing'] },
  { lemma: 'warned', kind: 'clause', denies: false, forms: ['warned', 'warns', 'warning'] },
  { lemma: 'explained', kind: 'clause', denies: false, forms: ['explained', 'explains'] },
  { lemma: 'noted', kind: 'clause', denies: false, forms: ['noted', 'notes', 'noting'] },
  { lemma: 'stressed', kind: 'clause', denies: false, forms: ['stressed', 'stresses', 'stressing'] },
  { lemma: 'emphasised', kind: 'clause', denies: false, forms: ['emphasised', 'emphasized', 'emphasises', 'emphasizes'] },
  { lemma: 'confirmed', kind: 'clause', denies: false, forms: ['confirmed', 'confirms'] },
  { lemma: 'acknowledged', kind: 'clause', denies: false, forms: ['acknowledged', 'acknowledges'] },
  { lemma: 'admitted', kind: 'clause', denies: false, forms: ['admitted', 'admits'] },
  { lemma: 'asserted', kind: 'clause', denies: false, forms: ['asserted', 'asserts'] },
  { lemma: 'maintained', kind: 'clause', denies: false, forms: ['maintained', 'maintains'] },
  { lemma: 'suggested', kind: 'clause', denies: false, forms: ['suggested', 'suggests'] },
  { lemma: 'declared', kind: 'clause', denies: false, forms: ['declared', 'declares', 'declaring'] },
  { lemma: 'reiterated', kind: 'clause', denies: false, forms: ['reiterated', 'reiterates'] },
  { lemma: 'repeated', kind: 'clause', denies: false, forms: ['repeated'] },
  { lemma: 'predicted', kind: 'clause', denies: false, forms: ['predicted', 'predicts'] },
  { lemma: 'estimated', kind: 'clause', denies: false, forms: ['estimated', 'estimates'] },
  { lemma: 'alleged', kind: 'clause', denies: false, forms: ['alleged', 'alleges'] },
  { lemma: 'reported', kind: 'clause', denies: false, forms: ['reported', 'reports'] },
  { lemma: 'replied', kind: 'clause', denies: false, forms: ['replied'] },
  { lemma: 'responded', kind: 'clause', denies: false, forms: ['responded'] },
  { lemma: 'countered', kind: 'clause', denies: false, forms: ['countered'] },
  { lemma: 'conceded', kind: 'clause', denies: false, forms: ['conceded', 'concedes'] },
  { lemma: 'revealed', kind: 'clause', denies: false, forms: ['revealed', 'reveals'] },
  { lemma: 'disclosed', kind: 'clause', denies: false, forms: ['disclosed'] },
  { lemma: 'indicated', kind: 'clause', denies: false, forms: ['indicated'] },
  { lemma: 'signalled', kind: 'clause', denies: false, forms: ['signalled', 'signaled'] },
  { lemma: 'promised', kind: 'clause', denies: false, forms: ['promised', 'promises'] },
  { lemma: 'pledged', kind: 'clause', denies: false, forms: ['pledged', 'pledges'] },
  { lemma: 'vowed', kind: 'clause', denies: false, forms: ['vowed', 'vows'] },
  { lemma: 'recalled', kind: 'clause', denies: false, forms: ['recalled', 'recalls'] },
  { lemma: 'remarked', kind: 'clause', denies: false, forms: ['remarked', 'remarks'] },
  { lemma: 'observed', kind: 'clause', denies: false, forms: ['observed'] },
  { lemma: 'affirmed', kind: 'clause', denies: false, forms: ['affirmed', 'affirms', 'reaffirmed', 'reaffirms'] },
  { lemma: 'underlined', kind: 'clause', denies: false, forms: ['underlined', 'underlines'] },
  { lemma: 'denounced', kind: 'object', denies: false, forms: ['denounced', 'denounces'] },
  { lemma: 'accused', kind: 'object', denies: false, forms: ['accused', 'accuses', 'accusing'] },
  { lemma: 'called', kind: 'object', denies: false, forms: ['called', 'calls', 'calling'] },
  { lemma: 'described', kind: 'object', denies: false, forms: ['described', 'describes', 'describing'] },
  { lemma: 'condemned', kind: 'object', denies: false, forms: ['condemned', 'condemns', 'condemning'] },
  { lemma: 'criticised', kind: 'object', denies: false, forms: ['criticised', 'criticized', 'criticises', 'criticizes'] },
  { lemma: 'blamed', kind: 'object', denies: false, forms: ['blamed', 'blames', 'blaming'] },
  { lemma: 'urged', kind: 'object', denies: false, forms: ['urged', 'urges', 'urging'] },
  { lemma: 'demanded', kind: 'object', denies: false, forms: ['demanded', 'demands'] },
  { lemma: 'welcomed', kind: 'object', denies: false, forms: ['welcomed', 'welcomes'] },
  { lemma: 'praised', kind: 'object', denies: false, forms: ['praised', 'praises'] },
  { lemma: 'hailed', kind: 'object', denies: false, forms: ['hailed', 'hails'] },
  { lemma: 'branded', kind: 'object', denies: false, forms: ['branded', 'brands'] },
  { lemma: 'labelled', kind: 'object', denies: false, forms: ['labelled', 'labeled'] },
  { lemma: 'questioned', kind: 'object', denies: false, forms: ['questioned'] },
  { lemma: 'denied', kind: 'object', denies: true, forms: ['denied', 'denies', 'denying', 'deny'] },
  { lemma: 'rejected', kind: 'object', denies: true, forms: ['rejected', 'rejects', 'rejecting'] },
  { lemma: 'dismissed', kind: 'object', denies: true, forms: ['dismissed', 'dismisses', 'dismissing'] },
  { lemma: 'refuted', kind: 'object', denies: true, forms: ['refuted', 'refutes', 'refuting'] },
  { lemma: 'disputed', kind: 'object', denies: true, forms: ['disputed', 'disputes'] },
  { lemma: 'contested', kind: 'object', denies: true, forms: ['contested'] },
  { lemma: 'repudiated', kind: 'object', denies: true, forms: ['repudiated'] },
  { lemma: 'rebuffed', kind: 'object', denies: true, forms: ['rebuffed'] },
  { lemma: 'rubbished', kind: 'object', denies: true, forms: ['rubbished', 'rubbishes'] },
  { lemma: 'disproved', kind: 'object', denies: true, forms: ['disproved', 'disproves'] },
  { lemma: 'debunked', kind: 'object', denies: true, forms: ['debunked', 'debunks'] },
  { lemma: 'lamented', kind: 'object', denies: false, forms: ['laments', 'lamented'] },
];

const VERB_BY_FORM: Map<string, VerbInfo> = new Map();
for (const v of VERBS) {
  for (const f of v.forms) VERB_BY_FORM.set(f, { lemma: v.lemma, kind: v.kind, denies: v.denies });
}

export function attributionVerb(lower: string): VerbInfo | undefined {
  return VERB_BY_FORM.get(lower);
}

/** Participles that hang a second clause off a statement (", saying ..."); they never start one alone. */
export const PARTICIPLE_LINKS: ReadonlySet<string> = new Set([
  'saying', 'adding', 'calling', 'telling', 'accusing', 'denying', 'insisting', 'warning',
  'describing', 'rejecting', 'dismissing', 'urging', 'arguing', 'claiming', 'stressing', 'noting',
]);

/** Words that say a clause calls someone else's claim untrue, making a plain "said" a denial. */
export const FALSITY_WORDS: ReadonlySet<string> = new Set([
  'false', 'baseless', 'groundless', 'unfounded', 'untrue', 'fabricated', 'fabrication', 'fabrications',
  'lies', 'lie', 'fake', 'bogus', 'nonsense', 'fiction', 'slander', 'slanderous', 'smear', 'propaganda',
  'rubbish', 'inaccurate', 'fabricating', 'falsities', 'falsehood', 'falsehoods', 'scurrilous', 'misinform',
  'misleading', 'story-telling', 'baseless', 'erroneous', 'rumor', 'rumour', 'hoax', 'unsubstantiated',
]);

/** Phrases that call a claim untrue without a single word for it ("there is no truth", "not accurate"). */
export const FALSITY_PHRASES: readonly RegExp[] = [
  /\bnot (?:be )?(?:true|accurate|correct)\b/i,
  /\bno truth\b/i,
  /\bno (?:evidence|proof)\b/i,
  /\bnot an? accurate\b/i,
  /\bnot a single bit of (?:proof|evidence)\b/i,
  /\bnever (?:happened|said|took place)\b/i,
  /\bno such\b/i,
  /\bnot taken any action\b/i,
];

/** Nouns naming someone else's claim ("the US accusations", "these allegations"). */
export const CLAIM_NOUNS: ReadonlySet<string> = new Set([
  'accusation', 'accusations', 'allegation', 'allegations', 'claim', 'claims', 'charge', 'charges',
  'report', 'reports', 'suggestion', 'suggestions', 'assertion', 'assertions', 'statement', 'statements',
  'remarks', 'comments', 'account', 'accounts', 'version', 'story', 'stories', 'rumours', 'rumors',
  'resolution', 'resolutions', 'rumour', 'rumor', 'article', 'articles',
]);

/** Claim nouns that answer an accusation rather than a plain statement. */
export const ACCUSATION_NOUNS: ReadonlySet<string> = new Set([
  'accusation', 'accusations', 'allegation', 'allegations', 'charge', 'charges',
]);

export const ACCUSING_VERBS: ReadonlySet<string> = new Set(['accused', 'alleged', 'blamed', 'condemned', 'claimed']);

/**
 * Titles and roles written before a name ("Foreign Minister Walid Muallem").
 * They are dropped from a person's name and remembered as the person's role.
 */
export const TITLE_WORDS: ReadonlySet<string> = new Set([
  'president', 'vice', 'prime', 'minister', 'ministers', 'deputy', 'foreign', 'interior', 'defence', 'defense',
  'finance', 'health', 'justice', 'trade', 'economy', 'energy', 'information', 'education', 'culture',
  'secretary', 'secretary-general', 'general', 'gen', 'ambassador', 'envoy', 'special', 'chancellor',
  'senator', 'sen', 'rep', 'representative', 'governor', 'mayor', 'judge', 'king', 'queen', 'prince',
  'princess', 'sheikh', 'emir', 'pope', 'cardinal', 'archbishop', 'bishop', 'rabbi', 'imam', 'dr', 'mr',
  'mrs', 'ms', 'miss', 'sir', 'dame', 'lord', 'lady', 'professor', 'prof', 'colonel', 'col', 'major', 'maj',
  'captain', 'capt', 'lieutenant', 'lt', 'commander', 'admiral', 'brigadier', 'sergeant', 'spokesman',
  'spokeswoman', 'spokesperson', 'director', 'chairman', 'chairwoman', 'chair', 'commissioner', 'his',
  'her', 'excellency', 'eminence', 'highness', 'majesty', 'chief', 'head', 'state', 'assistant', 'under',
  'undersecretary', 'acting', 'former', 'interim', 'premier', 'speaker', 'marshal', 'field', 'attorney',
  'auditor', 'inspector', 'superintendent', 'councillor', 'councilor', 'counsellor', 'counselor', 'rev',
  'reverend', 'father', 'brother', 'sister', 'mufti', 'ayatollah', 'hojatoleslam', 'mullah', 'crown',
  'expatriates', 'affairs', 'cabinet', 'first',
]);

/** Honorifics that say who the person is (used for "he"/"she"). */
export const MALE_HONORIFICS: ReadonlySet<string> = new Set(['mr', 'sir', 'lord', 'king', 'prince', 'sheikh', 'emir', 'father', 'brother', 'spokesman', 'chairman']);
export const FEMALE_HONORIFICS: ReadonlySet<string> = new Set(['mrs', 'ms', 'miss', 'dame', 'lady', 'queen', 'princess', 'sister', 'spokeswoman', 'chairwoman']);

/** Lower-case pieces of names ("Ilse van der Berg", "Omar al-Hakim"). */
export const NAME_PARTICLES: ReadonlySet<string> = new Set([
  'al', 'el', 'as', 'ash', 'ad', 'an', 'ar', 'at', 'az', 'bin', 'ben', 'ibn', 'bint', 'abu', 'de', 'del', 'della',
  'der', 'den', 'di', 'da', 'dos', 'das', 'do', 'du', 'la', 'le', 'van', 'von', 'zu', 'ter', 'ten', 'y', 'st',
]);

/** Head nouns of institutions: an unnamed speaker must have one of these or a human noun. */
export const INSTITUTION_WORDS: ReadonlySet<string> = new Set([
  'ministry', 'ministries', 'department', 'government', 'governments', 'administration', 'committee',
  'council', 'agency', 'office', 'presidency', 'army', 'military', 'forces', 'police', 'party', 'parties',
  'coalition', 'alliance', 'opposition', 'delegation', 'delegations', 'embassy', 'mission', 'commission',
  'parliament', 'assembly', 'senate', 'congress', 'court', 'tribunal', 'authority', 'authorities', 'regime',
  'cabinet', 'bureau', 'secretariat', 'union', 'federation', 'organisation', 'organization', 'group',
  'groups', 'movement', 'front', 'company', 'corporation', 'bank', 'fund', 'board', 'observatory',
  'kremlin', 'pentagon', 'palace', 'nations', 'command', 'directorate', 'service', 'services', 'team',
  'network', 'institute', 'foundation', 'association', 'campaign', 'staff', 'house', 'channel',
  'broadcaster', 'newspaper', 'daily', 'station', 'television', 'radio', 'news', 'outlet', 'media', 'press',
  'reports', 'newspapers', 'websites', 'documentary', 'programme', 'posts', 'blogs', 'website', 'sites',
]);

/** Human nouns that can speak without a name ("officials said", "a spokesman said"). */
export const HUMAN_WORDS: ReadonlySet<string> = new Set([
  'official', 'officials', 'spokesman', 'spokeswoman', 'spokesperson', 'spokespeople', 'minister',
  'ministers', 'diplomat', 'diplomats', 'envoy', 'ambassador', 'president', 'leader', 'leaders', 'source',
  'sources', 'analyst', 'analysts', 'expert', 'experts', 'witness', 'witnesses', 'resident', 'residents',
  'activist', 'activists', 'negotiator', 'negotiators', 'mediator', 'mediators', 'commander', 'commanders',
  'general', 'officer', 'officers', 'lawmaker', 'lawmakers', 'senator', 'observer', 'observers', 'aide',
  'aides', 'adviser', 'advisers', 'advisor', 'advisors', 'correspondent', 'reporter', 'journalist',
  'director', 'chief', 'head', 'secretary', 'chairman', 'chairwoman', 'governor', 'mayor', 'prosecutor',
  'prosecutors', 'investigators', 'investigator', 'doctor', 'doctors', 'medic', 'medics', 'rescuers',
  'monitor', 'monitors', 'member', 'members', 'representative', 'representatives', 'deputy', 'premier',
  'chancellor', 'king', 'queen', 'mediator', 'delegate', 'delegates', 'researcher', 'researchers',
  'economist', 'economists', 'student', 'students', 'farmer', 'farmers', 'people', 'voters', 'critics',
  'supporters', 'opponents', 'protesters', 'rebels', 'fighters', 'villagers', 'survivors', 'families',
  'engineer', 'engineers', 'inspector', 'inspectors', 'commissioner', 'counterpart', 'counterparts',
  'operator', 'operators', 'workers', 'union', 'organisers', 'organizers', 'campaigners', 'owner', 'owners',
  'lawyer', 'lawyers', 'attorney', 'attorneys', 'judge', 'judges', 'insider', 'insiders', 'executive', 'executives',
  'mother', 'father', 'parent', 'parents', 'presenter', 'host', 'anchor', 'coach', 'manager', 'player', 'players',
  'victim', 'victims', 'relative', 'relatives', 'neighbour', 'neighbours', 'neighbor', 'neighbors', 'teacher',
  'teachers', 'nurse', 'nurses', 'patient', 'patients', 'scientist', 'scientists', 'professor', 'employee',
  'employees', 'colleague', 'colleagues', 'man', 'woman', 'men', 'women', 'soldier', 'soldiers', 'troops',
  'refugee', 'refugees', 'deserter', 'deserters', 'defendant', 'counsel', 'prosecution', 'defence', 'defense',
  'writer', 'author', 'editor', 'columnist', 'founder', 'ceo', 'chairperson', 'president-elect', 'candidate',
  'lawmaker', 'mp', 'mps', 'senators', 'governors', 'mayors', 'chiefs', 'heads', 'person',
  'he', 'she', 'they', 'it',
]);

/** Words that make a capitalised run an organisation or a place, not a person. */
export const NON_PERSON_WORDS: ReadonlySet<string> = new Set([
  ...INSTITUTION_WORDS,
  'nations', 'united', 'republic', 'kingdom', 'states', 'city', 'province', 'region', 'street', 'square',
  'river', 'lake', 'mount', 'sea', 'ocean', 'gulf', 'valley', 'prison', 'airport', 'hospital', 'university',
  'school', 'times', 'post', 'journal', 'herald', 'tribune', 'gazette', 'telegraph', 'guardian', 'tv',
  'agencies', 'wire', 'club', 'cup', 'summit', 'conference', 'talks', 'treaty', 'accord', 'accords',
  'protocol', 'plan', 'process', 'programme', 'program', 'project', 'initiative', 'declaration', 'act',
  'law', 'bill', 'day', 'week', 'north', 'south', 'east', 'west', 'northern', 'southern', 'eastern', 'western',
  'central', 'new', 'old', 'great', 'upper', 'lower', 'democratic', 'people\'s', 'islamic', 'arab', 'federal',
  'national', 'international', 'global', 'world', 'europe', 'european', 'africa', 'african', 'asia',
  'asian', 'america', 'american', 'zone', 'zones', 'district', 'county', 'island', 'islands', 'bridge',
  'dam', 'port', 'border', 'crossing', 'camp', 'base', 'station', 'centre', 'center', 'hall', 'tower',
]);

/** News outlets recognised without a "news agency"/"TV" word beside them. */
export const KNOWN_OUTLETS: readonly string[] = [
  'Reuters', 'AFP', 'Agence France-Presse', 'AP', 'Associated Press', 'dpa', 'DPA', 'EFE', 'ANSA', 'Kyodo',
  'Yonhap', 'Xinhua', 'TASS', 'RIA', 'RIA Novosti', 'Interfax', 'Sputnik', 'RT', 'SANA', 'IRNA', 'ISNA',
  'Fars', 'Tasnim', 'Anadolu', 'WAFA', 'MENA', 'QNA', 'SPA', 'WAM', 'KUNA', 'BBC', 'CNN', 'NPR', 'PBS',
  'Al Jazeera', 'Al Arabiya', 'Sky News', 'France 24', 'Deutsche Welle', 'DW', 'Euronews', 'Bloomberg',
  'NHK', 'CCTV', 'NBC', 'CBS', 'ABC', 'Fox News', 'The New York Times', 'New York Times',
  'The Washington Post', 'Washington Post', 'The Guardian', 'Guardian', 'Le Monde', 'Der Spiegel',
  'Spiegel', 'Financial Times', 'The Wall Street Journal', 'Wall Street Journal', 'Politico', 'Axios',
  'Kommersant', 'Izvestia', 'Haaretz', 'Asharq Al-Awsat', 'Al-Watan', 'Al Mayadeen', 'Hurriyet',
  'Ukrinform', 'PAP', 'CTK', 'MTI', 'BTA', 'Tanjug', 'HINA', 'Belga', 'ANP', 'APA', 'Lusa', 'Europa Press',
  'Press TV', 'Al-Manar', 'Al Manar', 'Ahram', 'Al-Ahram', 'The Times', 'The Sunday Times', 'The Sun', 'The Telegraph',
  'Daily Telegraph', 'Daily Mail', 'The Independent', 'The Observer', 'The Economist', 'USA Today', 'Los Angeles Times',
  'BuzzFeed News', 'BuzzFeed', 'ProPublica', 'El Pais', 'El País', 'El Mundo', 'ABC News', 'CBS News', 'NBC News',
  'MSNBC', 'ITV', 'Channel 4 News', 'UPI', 'PTI', 'ANI', 'Press Association', 'PA Media', 'KCNA', 'Mehr', 'Mehr News Agency',
  'Tass', 'Interfax-Ukraine', 'Corriere della Sera', 'La Repubblica', 'Le Figaro', 'Bild', 'Asahi', 'Yomiuri',
];

/**
 * Words that mark a noun phrase as a news outlet ("AFP news agency", "a
 * Belarusian TV network"). "Agency" alone is not one: environment and
 * atomic energy agencies are speakers, not carriers.
 */
export const MEDIA_WORDS: ReadonlySet<string> = new Set([
  'news', 'tv', 'television', 'radio', 'newspaper', 'broadcaster', 'channel', 'magazine', 'tabloid', 'wire',
  'newswire', 'website', 'daily', 'weekly',
]);

/** Words beside a media word that are not the outlet's name ("state news agency"). */
export const MEDIA_GENERIC_WORDS: ReadonlySet<string> = new Set([
  ...MEDIA_WORDS, 'agency', 'network', 'station', 'service', 'press', 'media', 'outlet', 'state', 'official', 'public',
  'private', 'national', 'satellite', 'online', 'pan-arab', 'the', 'a', 'an',
]);

export const WEEKDAYS: readonly string[] = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

export const MONTHS: readonly string[] = [
  'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december',
];

/** Pronouns that can stand for a speaker, and the kind of antecedent each wants. */
export const PRONOUNS: ReadonlyMap<string, 'male' | 'female' | 'org' | 'plural'> = new Map([
  ['he', 'male'],
  ['she', 'female'],
  ['it', 'org'],
  ['they', 'plural'],
]);

/**
 * Common misspellings of institution nouns in hurried copy. Speakers are
 * matched against a database later, so the name is corrected here; the
 * speaker as written is kept separately.
 */
export const SPELLING_FIXES: ReadonlyMap<string, string> = new Map([
  ['ministery', 'ministry'],
  ['minstry', 'ministry'],
  ['ministy', 'ministry'],
  ['goverment', 'government'],
  ['govenment', 'government'],
  ['governmnet', 'government'],
  ['departmnet', 'department'],
  ['deparment', 'department'],
  ['commitee', 'committee'],
  ['committe', 'committee'],
  ['comittee', 'committee'],
  ['spokesprson', 'spokesperson'],
  ['negotiar', 'negotiator'],
  ['negociator', 'negotiator'],
  ['presidnet', 'president'],
  ['parliment', 'parliament'],
  ['agancy', 'agency'],
  ['oppostion', 'opposition'],
]);
