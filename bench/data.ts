/**
 * Fills a PostgreSQL database with a fact-check corpus for the benchmarks:
 * sources, speakers, statements and where they appeared, links between
 * statements, verdicts and their evidence, all scaled by the statement count.
 *
 *   npm run bench:data -- --statements 100000 [--database-url URL] [--seed N] [--reset]
 *
 * Times run up to midnight UTC of the day of the run, so the same seed on the
 * same day gives the same rows. Each statement, its appearances and its
 * verdicts are drawn from a generator of their own (rowRng), so a later pass
 * can rebuild a statement's text instead of holding millions of strings.
 */
import { pathToFileURL } from 'node:url';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { migrate } from '../src/db/database.js';
import { fidelityOf } from '../src/modules/fidelity/fidelity.compare.js';

/** Occurs in the text of about 0.5% of statements; neither word is used anywhere else. */
export const SEARCH_PHRASE = 'prison crematorium';

export interface FillOptions {
  statements: number;
  seed?: number;
  /** Empty every table (all but the migration history) before filling. */
  reset?: boolean;
  /** Report progress on stderr: bars on a terminal, one line per table otherwise. Default true. */
  progress?: boolean;
}

/** The database already holds statements and no reset was asked for. */
export class NotEmptyError extends Error {}

const BATCH = 5_000;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const SEARCH_SHARE = 0.005;

export type Rng = () => number;

export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Row i of a stream gets a generator of its own; the mixing is a bijection in i, so no two rows share one. */
function rowRng(seed: number, stream: number, i: number): Rng {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(stream + 1, 0xc2b2ae35) ^ Math.imul(i + 1, 0x27d4eb2f);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return mulberry32(h ^ (h >>> 16));
}
const STREAM = { statement: 1, appearance: 2, verdict: 3 } as const;

const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)] as T;
const int = (rng: Rng, min: number, max: number): number => min + Math.floor(rng() * (max - min + 1));
const list = (text: string): string[] => text.split('|');
const capitalize = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);
const slugify = (text: string): string => text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
const iso = (ms: number): string => new Date(ms).toISOString();
const weighted = (rng: Rng, items: readonly (readonly [string, number])[]): string => {
  let r = rng() * items.reduce((sum, [, weight]) => sum + weight, 0);
  for (const [item, weight] of items) if ((r -= weight) < 0) return item;
  return (items[items.length - 1] as readonly [string, number])[0];
};

/** RFC 9562 version 7: the row's time in the first 48 bits, so ids sort like created_at. */
export function uuidv7(ms: number, rng: Rng): string {
  const hex = (value: number, width: number): string => value.toString(16).padStart(width, '0');
  const bits = (n: number): number => Math.floor(rng() * 2 ** n);
  const time = hex(Math.floor(ms), 12);
  return `${time.slice(0, 8)}-${time.slice(8)}-7${hex(bits(12), 3)}-${hex(0x8000 | bits(14), 4)}-${hex(bits(24), 6)}${hex(bits(24), 6)}`;
}

// Vocabulary. "prison" (and "prisoner", which stems to it) and anything cremat- stay out of
// it: the search phrase only measures a selective search while its words are rare.
const COUNTRIES = list(
  'Syria:Syrian|Yemen:Yemeni|Libya:Libyan|Sudan:Sudanese|Iraq:Iraqi|Lebanon:Lebanese|Ukraine:Ukrainian|Russia:Russian|Turkey:Turkish|Iran:Iranian|Israel:Israeli|Egypt:Egyptian|Jordan:Jordanian|Qatar:Qatari|Saudi Arabia:Saudi|United States:US|' +
    'United Kingdom:British|France:French|Germany:German|China:Chinese|Ethiopia:Ethiopian|Mali:Malian|Niger:Nigerien|Somalia:Somali|Afghanistan:Afghan|Myanmar:Myanmar|Armenia:Armenian|Azerbaijan:Azerbaijani|Serbia:Serbian|Chad:Chadian',
).map((entry) => {
  const [name, adjective] = entry.split(':') as [string, string];
  return { name, adjective };
});
const PLACES = list(
  'Aleppo|Idlib|Homs|Raqqa|Deir ez-Zor|Daraa|Afrin|Manbij|Hodeidah|Taiz|Marib|Sanaa|Aden|Tripoli|Benghazi|Misrata|Sirte|Derna|El Fasher|Khartoum|Omdurman|Nyala|Geneina|Port Sudan|Mosul|Kirkuk|Basra|Tal Afar|Sinjar|Fallujah|Kherson|Zaporizhzhia|' +
    'Bakhmut|Kharkiv|Mariupol|Odesa|Avdiivka|Mekelle|Shire|Gao|Timbuktu|Kidal|Mogadishu|Kismayo|Baidoa|Stepanakert|Rafah|Khan Younis|Jenin|Tyre|Sidon|Nabatieh|Baalbek|Kandahar|Herat|Sittwe|Lashio|Diffa|Abeche|Qamishli|Hasakah|Palmyra|Latakia',
);
// Villages named from syllables: thousands of rare names, the long tail a trigram search has to cope with.
const VILLAGE_PREFIXES = list('Tal|Kafr|Ain|Deir|Beit|Jisr|Khirbet|Umm|Ras|Bir|Qasr|Wadi');
const SYLLABLES = list('nab|has|ar|sal|mir|dar|haw|kar|zab|mal|rum|tib|qus|fal|jar|nah|sum|bak|dim|lat');
const village = (rng: Rng): string => `${pick(rng, VILLAGE_PREFIXES)} ${capitalize(pick(rng, SYLLABLES) + pick(rng, SYLLABLES) + (rng() < 0.5 ? pick(rng, SYLLABLES) : ''))}`;
const CITIES = list('Geneva|Vienna|Doha|Cairo|Astana|Jeddah|Istanbul|Brussels|New York|Moscow|Ankara|Amman|Muscat|Addis Ababa|Nairobi|Paris|Riyadh');
const AGENCIES = list('UNHCR|UNICEF|the World Food Programme|OCHA|the WHO|the OPCW|the ICRC|UNRWA|Amnesty International|Human Rights Watch|MSF|Oxfam');
const GROUPS = list(
  'government forces|the Rapid Support Forces|the Houthis|Hayat Tahrir al-Sham|the Syrian Democratic Forces|the Libyan National Army|al-Shabaab|the Arakan Army|the M23 rebels|pro-government militias|opposition fighters|the Tigray Defence Forces',
);
const MONTHS = list('January|February|March|April|May|June|July|August|September|October|November|December');
const SLOTS: Record<string, (rng: Rng) => string> = {
  place: (rng) => (rng() < 0.25 ? `${village(rng)} near ${pick(rng, PLACES)}` : pick(rng, PLACES)), city: (rng) => pick(rng, CITIES), country: (rng) => pick(rng, COUNTRIES).name,
  group: (rng) => pick(rng, GROUPS), org: (rng) => pick(rng, AGENCIES), month: (rng) => pick(rng, MONTHS),
  // Log-uniform, as reported figures are: many dozens, some thousands, a few tens of thousands.
  n: (rng) => Math.round(Math.exp(Math.log(3) + rng() * Math.log(15_000))).toLocaleString('en-US'),
  pct: (rng) => String(int(rng, 5, 95)), year: (rng) => String(int(rng, 2011, 2023)),
  weekday: (rng) => pick(rng, list('Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday')),
  crossing: (rng) => pick(rng, list('Bab al-Hawa|Bab al-Salam|Rafah|Kerem Shalom|Adre|Tine|al-Yarubiyah|Ras Jdir')),
};
const fill = (rng: Rng, template: string): string => template.replace(/\{(\w+)\}/g, (_, key: string) => (SLOTS[key] as (r: Rng) => string)(rng));

/** Per topic: English clauses in reported speech, then one French and one Arabic clause. */
const TOPICS: readonly { key: string; en: string[]; fr: string; ar: string }[] = [
  ['ceasefire', 'the ceasefire in {place} had been violated {n} times since {month}|{group} had withdrawn from positions around {place} under the truce|a new truce covering {place} would take effect at midnight|no shelling had been recorded along the {place} front line since the ceasefire began', 'le cessez-le-feu à {place} avait été violé {n} fois', 'وقف إطلاق النار في {place} تعرض لخروقات متكررة'],
  ['humanitarian-aid', '{n} aid trucks had crossed into {place} through the {crossing} crossing|convoys carrying food and medicine were blocked on the road to {place}|{org} warehouses in {place} had been looted|relief flights to {place} would resume within days', "{n} camions d'aide humanitaire étaient entrés à {place}", 'دخلت {n} شاحنة مساعدات إنسانية إلى {place}'],
  ['detainees', '{n} detainees were released from custody in {place}|families had been denied access to detainees held near {place}|an exchange of {n} captives with {group} had been agreed|there were no political detainees held in {country}', '{n} détenus avaient été libérés à {place}', 'تم الإفراج عن {n} معتقلا في {place}'],
  ['elections', 'turnout in the {place} municipal vote reached {pct} percent|ballot boxes had been stuffed at polling stations across {place}|the presidential election would go ahead as scheduled in {month}|international observers were barred from counting centres in {place}', 'les élections auraient lieu comme prévu en {month}', 'الانتخابات ستجري في موعدها المحدد'],
  ['sanctions', "new sanctions had cut {country}'s fuel imports by {pct} percent|sanctions were not blocking deliveries of medicine to {country}|{n} companies had been added to the sanctions list|frozen assets worth {n} million dollars would be returned", 'les sanctions ne bloquaient pas les livraisons de médicaments', 'العقوبات لا تمنع وصول الأدوية'],
  ['chemical-weapons', 'chlorine canisters were dropped on residential districts of {place}|{org} inspectors found no trace of nerve agents at {place}|the chemical stockpile had been fully destroyed|footage of the alleged gas attack in {place} was staged', "aucune arme chimique n'avait été utilisée à {place}", 'لم تستخدم أي أسلحة كيميائية في {place}'],
  ['refugees', '{n} refugees had returned voluntarily to {place} this year|the camp at {place} was sheltering more than {n} displaced families|no refugees had been forcibly deported across the border near {place}|winter storms had flooded tents housing {n} people near {place}', '{n} réfugiés étaient rentrés à {place} cette année', 'عاد {n} لاجئ إلى {place} هذا العام'],
  ['reconstruction', 'the bridge at {place} would be rebuilt by {month}|{n} schools in {place} had reopened after repairs|reconstruction funds pledged for {place} had not been disbursed|power had been restored to {pct} percent of homes in {place}', 'la reconstruction du pont de {place} serait achevée en {month}', 'إعادة إعمار الجسر في {place} ستنتهي قريبا'],
  ['airstrikes', 'an airstrike on a market in {place} killed {n} civilians|no civilians were harmed in the strikes on {place}|the hospital in {place} was not used as a command post|drones launched towards {place} had been intercepted', 'une frappe aérienne sur un marché de {place} avait tué {n} civils', 'غارة جوية على سوق في {place} أسفرت عن مقتل {n} مدنيا'],
  ['negotiations', 'talks with {group} in {city} had made significant progress|the delegation had walked out of the talks in {city}|a draft agreement on {place} was ready for signature|envoys would meet again in {city} in {month}', 'les négociations avec {group} progressaient à {city}', 'المفاوضات في {city} تحرز تقدما'],
  ['health', 'a cholera outbreak in {place} had infected {n} people|vaccination teams had reached {n} children in {place}|the last working hospital in {place} had run out of fuel|{org} had recorded {n} cases of measles around {place}', 'une épidémie de choléra à {place} avait touché {n} personnes', 'تفشي الكوليرا في {place} أصاب {n} شخصا'],
  ['food', 'wheat prices in {place} had tripled since {month}|famine conditions had been confirmed in parts of {place}|{n} tonnes of grain had left the port of {place}|bakeries in {place} were working again', 'le prix du blé à {place} avait triplé depuis {month}', 'أسعار القمح في {place} تضاعفت ثلاث مرات'],
].map(([key, en, fr, ar]) => ({ key: key as string, en: list(en as string), fr: fr as string, ar: ar as string }));
const DETAINEES = 2;
const SEARCH_CLAUSES = list(
  `{group} was running a ${SEARCH_PHRASE} near {place}|reports of a ${SEARCH_PHRASE} at {place} were fabricated|satellite images showed a ${SEARCH_PHRASE} outside {place}`,
);
const VERBS = list('said|claimed|stated|insisted|asserted|announced|warned|maintained|told reporters|wrote on social media|alleged|confirmed|declared|suggested');
const INTROS = list(
  'On {weekday}|In a televised address|Speaking in {city}|At a press conference in {city}|In a statement posted online|During a visit to {place}|In an interview with state television|Addressing the Security Council|At a briefing in {city}|' +
    'In remarks to parliament',
);
const TAILS = list(
  'citing figures from local officials|without providing evidence|adding that an investigation was under way|a claim disputed by independent monitors|calling earlier reports baseless|and urged restraint from all sides|citing satellite imagery|' +
    'according to a transcript released later',
);
const QUOTES = list(
  'We will not accept any agreement that ignores {place}.|These figures are simply false, and {org} knows it.|Our forces have never targeted civilians in {place}.|The world cannot look away from what is happening in {place}.|' +
    'Every truck that reaches {place} saves lives.|We have documented {n} cases and we will publish them.|There is no humanitarian crisis in {place}, only propaganda.|The door to negotiations remains open.|' +
    'Those responsible for the attack on {place} will be held accountable.|We call on {group} to release everyone held since {month}.|This is the worst situation we have seen in {place} since {year}.',
);
const FIRST = list(
  'Amal|Omar|Layla|Hassan|Fatima|Yusuf|Nadia|Karim|Samir|Rania|Olena|Dmitri|Irina|Mehmet|Elif|Farid|Leila|Ahmed|Mariam|Tariq|Abdi|Hodan|Tesfaye|Aminata|Moussa|Ibrahim|Salma|Zaid|Noor|Jean|Claire|Thomas|Sarah|David|Anna|Li|Wei|Arman|Nigora|Khalid|' +
    'Huda|Walid|Yara|Rashid|Dalia|Bilal|Sana|Oksana|Emre|Ayaan',
);
const LAST = list(
  'Haddad|Mansour|Al-Khatib|Nasser|Barakat|Saleh|Kovalenko|Petrov|Yilmaz|Demir|Rahimi|Hosseini|Abdullahi|Warsame|Gebremedhin|Traore|Diallo|Keita|Ould Ahmed|Al-Amin|Osman|El-Sayed|Farouk|Dubois|Moreau|Fischer|Weber|Carter|Hughes|Zhang|Sargsyan|' +
    'Aliyev|Jovanovic|Al-Rubaie|Khoury|Suleiman|Bakr|Tkachenko|Arslan|Mohamud',
);
const STATE_TITLES = list(
  'Foreign Minister|Defence Minister|Interior Minister|Health Minister|Information Minister|Prime Minister|Deputy Foreign Minister|Government Spokesperson|Ambassador to the United Nations|Army Spokesperson|Brigadier General|Major General|Colonel|' +
    'Presidential Adviser',
);
const ORG_TITLES = list('Spokesperson|Regional Director|Special Envoy|Commander|Field Coordinator|Head of Mission|Senior Researcher');
const ORGS = list(
  'UN Refugee Agency:UNHCR|United Nations Children’s Fund:UNICEF|World Food Programme:WFP|UN Office for the Coordination of Humanitarian Affairs:OCHA|World Health Organization:WHO|Organisation for the Prohibition of Chemical Weapons:OPCW|' +
    'International Committee of the Red Cross:ICRC|UN Relief and Works Agency:UNRWA|UN Human Rights Office:OHCHR|Amnesty International:Amnesty|Human Rights Watch:HRW|Médecins Sans Frontières:MSF|Norwegian Refugee Council:NRC|' +
    'International Rescue Committee:IRC|Syrian Observatory for Human Rights:SOHR|Rapid Support Forces:RSF|Ansar Allah:Houthis|Hayat Tahrir al-Sham:HTS|Syrian Democratic Forces:SDF|Libyan National Army:LNA|Arakan Army:AA|African Union:AU|' +
    'Arab League:LAS',
).map((entry) => entry.split(':') as [string, string]);
const MINISTRIES = list(
  'Ministry of Foreign Affairs:MFA|Ministry of Defence:MoD|Ministry of Interior:MoI|Ministry of Health:MoH|Ministry of Information:MoInfo|Presidency:Presidency|Office of the Prime Minister:PMO|General Staff:General Staff|Ministry of Justice:MoJ',
).map((entry) => entry.split(':') as [string, string]);
// name;kind;country;host;state-affiliated. The first dozen carry half of all pickups, as wires and big broadcasters do.
const SOURCES = list(
  'Meridian Press Agency;NEWS_AGENCY;GB;meridianpress.co.uk;0|Continental Wire;NEWS_AGENCY;US;continentalwire.com;0|Agence Presse Méditerranée;NEWS_AGENCY;FR;apmed.fr;0|Levant News Agency;NEWS_AGENCY;LB;levantnews.com.lb;0|' +
    'Syrian Arab News Service;STATE_MEDIA;SY;sans.sy;1|Anatolia Wire;NEWS_AGENCY;TR;anatoliawire.com.tr;1|Northern Telegraph Agency;STATE_MEDIA;RU;ntagency.ru;1|New Orient News Agency;STATE_MEDIA;CN;neworient.cn;1|' +
    'Gulf Broadcasting Network;BROADCASTER;QA;gbn.qa;1|Crescent Satellite TV;BROADCASTER;SA;crescent.tv;1|Channel Seven International;BROADCASTER;GB;c7international.com;0|Atlantic Public Radio;BROADCASTER;US;apr.org;0|' +
    'Rhine World Service;BROADCASTER;DE;rhineworld.de;0|Radio Sahel Internationale;BROADCASTER;FR;radiosahel.fr;1|Nile Television;STATE_MEDIA;EG;niletv.eg;1|Tehran Today;STATE_MEDIA;IR;tehrantoday.ir;1|' +
    'The Daily Chronicle;NEWSPAPER;GB;dailychronicle.co.uk;0|The Metropolitan Times;NEWSPAPER;US;metrotimes.com;0|Le Quotidien du Soir;NEWSPAPER;FR;quotidiendusoir.fr;0|Frankfurter Rundblick;NEWSPAPER;DE;rundblick.de;0|' +
    'Al-Sabah al-Jadid;NEWSPAPER;IQ;alsabahaljadid.iq;0|Beirut Observer;NEWSPAPER;LB;beirutobserver.com;0|Cairo Herald;NEWSPAPER;EG;cairoherald.com;0|The Jordan Courier;NEWSPAPER;JO;jordancourier.jo;0|' +
    'Istanbul Gazette;NEWSPAPER;TR;istanbulgazette.com;0|Kyiv Ledger;NEWSPAPER;UA;kyivledger.ua;0|The Jerusalem Review;NEWSPAPER;IL;jerusalemreview.co.il;0|Khartoum Tribune;NEWSPAPER;SD;khartoumtribune.sd;0|' +
    'Addis Dispatch;NEWSPAPER;ET;addisdispatch.et;0|Sanaa Post;NEWSPAPER;YE;sanaapost.com;0|Tripoli Times;NEWSPAPER;LY;tripolitimes.ly;0|The Gulf Ledger;NEWSPAPER;AE;gulfledger.ae;0|Presidency Media Office;GOVERNMENT;SY;presidency-media.sy;1|' +
    'Defence Ministry Bulletin;GOVERNMENT;RU;mod-bulletin.ru;1|Foreign Office Newsroom;GOVERNMENT;GB;fo-newsroom.gov.uk;0|United Nations Press Service;OTHER;;unpress.org;0|ReliefWire;ONLINE;CH;reliefwire.org;0|' +
    'Conflict Monitor;ONLINE;GB;conflictmonitor.net;0|Open Source Verifier;ONLINE;NL;osverifier.org;0|The Frontline Digest;ONLINE;US;frontlinedigest.com;0|Sahel Watch;ONLINE;ML;sahelwatch.org;0|Eastern Eye;ONLINE;GB;easterneye.news;0|' +
    'Idlib Voice;ONLINE;SY;idlibvoice.net;0|Yemen Monitor;ONLINE;YE;yemenmonitor.net;0|Darfur Dispatch;ONLINE;SD;darfurdispatch.org;0|Caucasus Bulletin;ONLINE;GE;caucasusbulletin.ge;0|Resistance Voice TV;BROADCASTER;LB;resistancevoice.tv;1|' +
    'Saba Horizon;STATE_MEDIA;YE;sabahorizon.ye;1|Free Libya Channel;BROADCASTER;LY;freelibya.tv;0|Erbil Broadcasting;BROADCASTER;IQ;erbilbroadcasting.com;0',
).map((entry) => {
  const [name, kind, country, host, state] = entry.split(';') as [string, string, string, string, string];
  return { name, kind, country: country || null, host, stateAffiliated: state === '1' };
});
const FINDINGS = [['TRUE', 15], ['MOSTLY_TRUE', 12], ['MIXED', 12], ['MISLEADING', 15], ['MOSTLY_FALSE', 12], ['FALSE', 22], ['UNPROVEN', 12]] as const;
const LINK_KINDS = [['REBUTS', 60], ['SUPPORTS', 20], ['REPEATS', 10], ['CLARIFIES', 10]] as const;
const LINK_NOTES = list('Contradicts the figure given for {place}.|Same claim, repeated after the {month} reports.|Cites {org} data on {place}.|Adds context on the {place} incident.');
const RATIONALES = list(
  'Satellite imagery of {place} from {month} contradicts the account.|{org} records for {place} list {n} cases, not the number given.|Local reporters in {place} could not confirm the figure.|Hospital registers in {place} match the count closely.|' +
    'The footage was first posted in {year} and shows a different location.|Official data published in {month} supports the claim.|Witnesses in {place} gave conflicting accounts; the record is incomplete.',
);
const EVIDENCE_TITLES = list('Satellite image of {place}, {month}|{org} situation report on {place}|Hospital admission records, {place}|Geolocation of the {place} footage|Interview with residents of {place}');
const EVIDENCE_HOSTS = list('reports.reliefwire.org|archive.osverifier.org|data.conflictmonitor.net|imagery.sahelwatch.org|docs.unpress.org');
const REVIEWERS = list('desk-beirut|desk-cairo|desk-paris|desk-nairobi|desk-kyiv|verification-hub|osint-team|night-desk');

interface SpeakerRow { id: string; name: string; kind: string; affiliation: string; title: string | null; aliases: string[]; ref: string; short: string }

function makeSpeaker(rng: Rng, index: number, createdAt: number): SpeakerRow {
  const id = uuidv7(createdAt, rng);
  const roll = rng();
  if (roll < 0.1) {
    // Walks ministries and countries by index, so the first few hundred bodies all differ.
    const [ministry, alias] = MINISTRIES[index % MINISTRIES.length] as [string, string];
    const home = COUNTRIES[Math.floor(index / MINISTRIES.length) % COUNTRIES.length] as (typeof COUNTRIES)[number];
    const name = `${home.adjective} ${ministry}${index >= MINISTRIES.length * COUNTRIES.length ? ` directorate in ${pick(rng, PLACES)}` : ''}`;
    return { id, name, kind: 'GOVERNMENT_BODY', affiliation: `Government of ${home.name}`, title: null, aliases: [`${home.name} ${alias}`], ref: `the ${name}`, short: `the ${alias}` };
  }
  if (roll < 0.2) {
    const [full, alias] = ORGS[index % ORGS.length] as [string, string];
    const name = index >= ORGS.length ? `${full} in ${pick(rng, COUNTRIES.slice(0, 13)).name}` : full;
    const ref = /^(Amnesty|Human Rights Watch|Médecins|Ansar|Hayat)/.test(name) ? name : `the ${name}`;
    return { id, name, kind: 'ORGANIZATION', affiliation: full, title: null, aliases: [alias], ref, short: alias };
  }
  const country = pick(rng, COUNTRIES);
  const [first, last] = [pick(rng, FIRST), pick(rng, LAST)];
  const name = rng() < 0.3 ? `${first} ${pick(rng, FIRST).charAt(0)}. ${last}` : `${first} ${last}`;
  const [title, affiliation] = rng() < 0.7 ? [pick(rng, STATE_TITLES), `Government of ${country.name}`] : [pick(rng, ORG_TITLES), pick(rng, ORGS)[0]];
  const aliases = new Set([last, `${first.charAt(0)}. ${last}`, ...(rng() < 0.3 ? [last.replace(/^(Al|El)-/, 'al-')] : [])]);
  return { id, name, kind: 'PERSON', affiliation, title, aliases: [...aliases], ref: `${title} ${name}`, short: last };
}

interface Content { text: string; quote: string | null; language: string; topic: number; clause: string }

function statementContent(seed: number, speaker: SpeakerRow, i: number): Content {
  const rng = rowRng(seed, STREAM.statement, i);
  const search = rng() < SEARCH_SHARE;
  const roll = rng();
  const language = search || roll < 0.85 ? 'en' : roll < 0.95 ? 'ar' : 'fr';
  const topic = search ? DETAINEES : Math.floor(rng() * TOPICS.length);
  const entry = TOPICS[topic] as (typeof TOPICS)[number];
  if (language === 'fr') {
    const clause = fill(rng, entry.fr);
    const text = `${capitalize(speaker.ref)} ${pick(rng, list('a déclaré|a affirmé|a assuré|a annoncé|a démenti|a souligné'))} ${/^[aeiouéh]/i.test(clause) ? "qu'" : 'que '}${clause}.`;
    return { text, quote: rng() < 0.6 ? `${capitalize(clause)}.` : null, language, topic, clause };
  }
  if (language === 'ar') {
    const clause = fill(rng, entry.ar);
    const verb = pick(rng, list('قال|أكد|نفى|أعلن|صرح'));
    return { text: `${verb} ${speaker.ref} ${verb === 'قال' ? 'إن' : 'أن'} ${clause}.`, quote: rng() < 0.6 ? `${clause}.` : null, language, topic, clause };
  }
  const clause = fill(rng, pick(rng, search ? SEARCH_CLAUSES : entry.en));
  const verb = pick(rng, VERBS);
  const form = rng();
  let text =
    form < 0.35 ? `${speaker.ref} ${verb} that ${clause}.`
    : form < 0.6 ? `${fill(rng, pick(rng, INTROS))}, ${speaker.ref} ${verb} that ${clause}.`
    : form < 0.8 ? `${speaker.ref} ${verb} that ${clause}, ${pick(rng, TAILS)}.`
    : form < 0.9 ? `According to ${speaker.ref}, ${clause}.`
    : `${speaker.ref} ${pick(rng, list('denied|rejected|dismissed|disputed'))} reports that ${clause}.`;
  if (rng() < 0.3) text += ` ${capitalize(speaker.short)} also ${pick(rng, VERBS)} that ${fill(rng, pick(rng, pick(rng, TOPICS).en))}.`;
  const q = rng();
  const quote = q < 0.3 ? fill(rng, pick(rng, QUOTES)) : q < 0.6 ? `${pick(rng, list('Let me be clear:|We can confirm that|The facts are plain:'))} ${clause}.` : null;
  return { text: capitalize(text), quote, language, topic, clause };
}

interface VerdictPlan { id: string; status: string; rationale: string | null; reviewer: string; createdAt: number; evidence: unknown[][] }

/** A statement's verdicts in time order, rebuilt identically for the statement row (status, version) and for the verdict rows. */
function planVerdicts(seed: number, i: number, count: number, createdAt: number, now: number): VerdictPlan[] {
  if (count === 0) return [];
  const rng = rowRng(seed, STREAM.verdict, i);
  const span = Math.max(0, Math.min(now, createdAt + 120 * DAY) - createdAt - 15 * MINUTE);
  const times = Array.from({ length: count }, () => createdAt + 15 * MINUTE + rng() * span).sort((a, b) => a - b);
  return times.map((time, k) => {
    const at = Math.floor(time) + k; // strictly increasing, so the latest verdict is never a tie
    const status = rng() < (k === count - 1 ? 0.85 : 0.4) ? weighted(rng, FINDINGS) : 'IN_REVIEW';
    const id = uuidv7(at, rng);
    // As the service requires: a finding has a rationale and at least one piece of evidence.
    const finding = status !== 'IN_REVIEW';
    const rationale = finding ? fill(rng, pick(rng, RATIONALES)) : rng() < 0.5 ? fill(rng, 'Checking with {org} and local sources in {place}.') : null;
    const evidence = Array.from({ length: finding ? int(rng, 1, 2) : rng() < 0.3 ? 1 : 0 }, (_, position) => {
      const refutes = status.endsWith('FALSE') || status === 'MISLEADING';
      const stance = refutes ? (rng() < 0.8 ? 'REFUTES' : 'CONTEXT') : status.endsWith('TRUE') ? 'SUPPORTS' : pick(rng, list('SUPPORTS|REFUTES|CONTEXT'));
      const url = `https://${pick(rng, EVIDENCE_HOSTS)}/evidence/${id.slice(-12)}-${position + 1}`;
      return [uuidv7(at + position, rng), id, position, url, fill(rng, pick(rng, EVIDENCE_TITLES)), stance];
    });
    return { id, status, rationale, reviewer: pick(rng, REVIEWERS), createdAt: at, evidence };
  });
}

/** A bar redrawn in place on a terminal; elsewhere (CI logs, pipes) one line per table once it is done. */
class Progress {
  private label = '';
  private total = 0;
  private started = 0;
  private shown = -1;
  constructor(private readonly enabled: boolean, private readonly tty: boolean) {}
  begin(label: string, total: number): void {
    [this.label, this.total, this.started, this.shown] = [label, total, Date.now(), -1];
    this.update(0);
  }
  update(done: number): void {
    const percent = this.total === 0 ? 100 : Math.min(100, Math.floor((done / this.total) * 100));
    if (!this.enabled || !this.tty || percent === this.shown) return;
    this.shown = percent;
    const bar = '#'.repeat(Math.round(percent / 5)).padEnd(20, '-');
    process.stderr.write(`\r${this.label.padEnd(14)} [${bar}] ${String(percent).padStart(3)}%  ${done.toLocaleString('en-US')}/${this.total.toLocaleString('en-US')}`);
  }
  end(done: number): void {
    const seconds = ((Date.now() - this.started) / 1000).toFixed(1);
    // The final bar shows what was written, full even when a table came out short of its estimate.
    [this.total, this.shown] = [done, -1];
    this.update(done);
    if (this.enabled) process.stderr.write(this.tty ? `  ${seconds}s\n` : `${this.label.padEnd(14)} ${done.toLocaleString('en-US').padStart(10)} rows  ${seconds}s\n`);
  }
}

/** Column names and element types for unnest; speaker aliases travel as JSON text because unnest flattens a text[][]. */
const TABLES: Record<string, { columns: string; types: string; select?: string; into?: string; join?: string }> = {
  source: { columns: 'id slug name kind country homepage_url state_affiliated created_at updated_at', types: 'uuid text text source_kind text text bool timestamptz timestamptz' },
  speaker: { columns: 'id name kind affiliation title aliases created_at updated_at', types: 'uuid text speaker_kind text text text timestamptz timestamptz',
    select: 'id, name, kind, affiliation, title, ARRAY(SELECT jsonb_array_elements_text(aliases::jsonb)), created_at, updated_at' },
  statement: { columns: 'id text quote speaker_id stated_at language status version created_at updated_at', types: 'uuid text text uuid timestamptz text verification_status int4 timestamptz timestamptz' },
  appearance: {
    columns: 'id statement_id source_id url published_at wording created_at fidelity fidelity_at',
    types: 'uuid uuid uuid text timestamptz text timestamptz wording_fidelity timestamptz',
  },
  statement_link: { columns: 'id from_id to_id kind note created_by_role created_at', types: 'uuid uuid uuid link_kind text role timestamptz' },
  // A verdict holds the words it judged: the statement's, as the fill writes them.
  verdict: {
    columns: 'id statement_id status rationale reviewer created_at',
    types: 'uuid uuid verification_status text text timestamptz',
    into: 'id statement_id status rationale reviewer created_at statement_version judged_text judged_quote judged_speaker_id judged_speaker_name',
    select: 'u.id, u.statement_id, u.status, u.rationale, u.reviewer, u.created_at, s.version, s.text, s.quote, s.speaker_id, sp.name',
    join: 'JOIN statement s ON s.id = u.statement_id JOIN speaker sp ON sp.id = s.speaker_id',
  },
  evidence: { columns: 'id verdict_id position url title stance', types: 'uuid uuid int4 text text evidence_stance' },
};

/** One INSERT ... SELECT FROM unnest per batch: a round trip per 5,000 rows instead of per row. */
async function load(client: SqlClient, progress: Progress, label: string, total: number, table: string, rows: Iterable<unknown[]>): Promise<void> {
  const spec = TABLES[table] as (typeof TABLES)[string];
  const columns = spec.columns.replaceAll(' ', ', ');
  const types = spec.types.split(' ');
  const into = (spec.into ?? spec.columns).replaceAll(' ', ', ');
  const sql = `INSERT INTO ${table} (${into}) SELECT ${spec.select ?? '*'} FROM unnest(${types.map((type, k) => `$${k + 1}::${type}[]`).join(', ')}) AS u(${columns}) ${spec.join ?? ''}`;
  progress.begin(label, total);
  let batch: unknown[][] = [];
  let written = 0;
  const flush = async (): Promise<void> => {
    await client.query(sql, types.map((_, c) => batch.map((row) => row[c])));
    written += batch.length;
    batch = [];
    progress.update(written);
  };
  for (const row of rows) if (batch.push(row) >= BATCH) await flush();
  if (batch.length > 0) await flush();
  progress.end(written);
}

async function inTransaction(client: SqlClient, work: () => Promise<void>): Promise<void> {
  await client.query('BEGIN');
  try {
    await work();
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/**
 * Empties every table but the migration history. The append-only guards on
 * verdicts, evidence and the audit trail refuse TRUNCATE, so exactly the
 * enabled truncate triggers are switched off and on again within the caller's
 * transaction: the table locks keep any other session from seeing them off.
 */
async function resetTables(client: SqlClient): Promise<void> {
  const tables = await client.query<{ name: string }>(
    `SELECT quote_ident(tablename) AS name FROM pg_tables WHERE schemaname = current_schema() AND tablename <> '_prisma_migrations'`,
  );
  const guards = await client.query<{ relation: string; trigger: string }>(
    `SELECT quote_ident(c.relname) AS relation, quote_ident(t.tgname) AS trigger FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
     WHERE c.relnamespace = current_schema()::regnamespace AND NOT t.tgisinternal AND t.tgenabled <> 'D' AND (t.tgtype & 32) <> 0`,
  );
  for (const { relation, trigger } of guards.rows) await client.query(`ALTER TABLE ${relation} DISABLE TRIGGER ${trigger}`);
  if (tables.rows.length > 0) await client.query(`TRUNCATE ${tables.rows.map((row) => row.name).join(', ')} RESTART IDENTITY`);
  for (const { relation, trigger } of guards.rows) await client.query(`ALTER TABLE ${relation} ENABLE TRIGGER ${trigger}`);
}

/** What the fill needs of a connection: pg's Client, or an embedded database through `embeddedClient`. */
interface SqlClient {
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: R[]; rowCount: number | null }>;
  end(): Promise<void>;
}

/** The embedded database as a SqlClient; ending it leaves the database open for its owner to close. */
function embeddedClient(pglite: PGlite): SqlClient {
  return {
    async query<R>(sql: string, params?: unknown[]) {
      // PGlite sends an array as an array only for types it knows; the fill's enum arrays would go as "a,b,c".
      const result = await pglite.query<R>(sql, params?.map((value) => (Array.isArray(value) ? arrayLiteral(value) : value)));
      return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
    },
    end: async () => {},
  };
}

/** A PostgreSQL array literal of text elements, each quoted; null stays NULL. */
function arrayLiteral(values: unknown[]): string {
  const element = (value: unknown) => (value === null || value === undefined ? 'NULL' : `"${String(value).replace(/[\\"]/g, (c) => `\\${c}`)}"`);
  return `{${values.map(element).join(',')}}`;
}

/**
 * Fills the database at `url`, or an open embedded database (the same rows
 * for the same seed on the same day, so answers can be compared across the two).
 */
export async function fillDatabase(target: string | PGlite, options: FillOptions): Promise<{ counts: Record<string, number>; elapsedMs: number }> {
  const started = Date.now();
  const n = options.statements;
  const seed = options.seed ?? 1;
  const progress = new Progress(options.progress ?? true, process.stderr.isTTY === true);
  let client: SqlClient;
  if (typeof target === 'string') {
    await migrate({ kind: 'server', url: target });
    const server = new pg.Client({ connectionString: target });
    await server.connect();
    client = server;
  } else {
    await migrate({ kind: 'embedded', pglite: target });
    client = embeddedClient(target);
  }
  try {
    if (!options.reset && (await client.query('SELECT 1 FROM statement LIMIT 1')).rowCount) {
      throw new NotEmptyError('the database already has statements; run with --reset to empty it first (this deletes every row in every table)');
    }

    const rng = mulberry32(seed);
    const now = Math.floor(started / DAY) * DAY;
    const first = now - 3 * 365 * DAY;
    const last = now - 8 * HOUR; // so that every statement is recorded (created_at) before now
    const sources = SOURCES.map((source) => {
      const at = first - int(rng, 60, 400) * DAY;
      return { ...source, at, id: uuidv7(at, rng), slug: slugify(source.name), serial: 0 };
    });
    const speakers = Array.from({ length: Math.max(1, Math.round(n / 50)) }, (_, k) => {
      const at = first - int(rng, 1, 60) * DAY - int(rng, 0, DAY);
      return { at, ...makeSpeaker(rng, k, at) };
    });

    // Exactly 0.3N statements get verdicts, 0.4N verdicts in all: one each, and the rest spread at random among them.
    const verdictCounts = new Uint8Array(n);
    const order = Int32Array.from({ length: n }, (_, k) => k);
    const judged = Math.round(0.3 * n);
    for (let k = 0; k < judged; k++) {
      const swap = k + Math.floor(rng() * (n - k));
      [order[k], order[swap]] = [order[swap] as number, order[k] as number];
      verdictCounts[order[k] as number] = 1;
    }
    for (let extra = Math.round(0.4 * n) - judged; extra > 0; extra--) verdictCounts[order[Math.floor(rng() * judged)] as number] += 1;

    const ids = new Array<string>(n);
    const createdAt = new Float64Array(n);
    const speakerOf = new Int32Array(n);
    const topicOf = new Uint8Array(n);
    const appearanceCounts = new Uint8Array(n);
    let evidenceTotal = 0;
    const verdictsOf = (i: number): VerdictPlan[] => planVerdicts(seed, i, verdictCounts[i] as number, createdAt[i] as number, now);

    function* statementRows(): Generator<unknown[]> {
      for (let i = 0; i < n; i++) {
        // Statement times rise with i, which lets links find older statements by index alone.
        const statedAt = Math.floor(first + ((i + rng()) / n) * (last - first));
        const created = statedAt + int(rng, HOUR, 8 * HOUR);
        // A few speakers say most things, as in the news.
        const speaker = Math.floor(speakers.length * rng() ** 2.2);
        const content = statementContent(seed, speakers[speaker] as SpeakerRow, i);
        [ids[i], createdAt[i], speakerOf[i], topicOf[i]] = [uuidv7(created, rng), created, speaker, content.topic];
        // Drawn here from the appearance stream so the appearance total is known before that pass.
        appearanceCounts[i] = [1, 1, 1, 1, 2, 2, 2, 3, 3, 4][Math.floor(rowRng(seed, STREAM.appearance, i)() * 10)] as number;
        const verdicts = verdictsOf(i);
        const latest = verdicts[verdicts.length - 1];
        evidenceTotal += verdicts.reduce((sum, verdict) => sum + verdict.evidence.length, 0);
        yield [ids[i], content.text, content.quote, speakers[speaker]?.id, iso(statedAt), content.language, latest?.status ?? 'UNVERIFIED', 1 + verdicts.length, iso(created), iso(latest?.createdAt ?? created)];
      }
    }

    function* appearanceRows(): Generator<unknown[]> {
      for (let i = 0; i < n; i++) {
        const arng = rowRng(seed, STREAM.appearance, i);
        arng(); // the count, drawn in the statement pass
        const speaker = speakers[speakerOf[i] as number] as SpeakerRow;
        const content = statementContent(seed, speaker, i);
        const slug = slugify(content.language === 'ar' ? (TOPICS[content.topic]?.key ?? 'statement') : content.clause).split('-').slice(0, 8).join('-');
        const rows: unknown[][] = [];
        const chosen = new Set<number>();
        while (chosen.size < (appearanceCounts[i] as number)) chosen.add(Math.floor(arng() * (arng() < 0.5 ? 12 : sources.length)));
        for (const index of chosen) {
          const source = sources[index] as (typeof sources)[number];
          const published = Math.min(now, (createdAt[i] as number) - int(arng, 0, 4 * HOUR) + int(arng, 10 * MINUTE, 36 * HOUR));
          const month = iso(published).slice(0, 7).replace('-', '/');
          const w = arng();
          // Outlets often word a claim their own way: a headline, or the speaker's surname only.
          const wording = w < 0.25 ? null
            : w < 0.6 || content.language !== 'en' ? content.text
            : w < 0.8 ? `${capitalize(content.clause)}, ${pick(arng, list('says|claims|according to'))} ${speaker.short}`
            : `${capitalize(speaker.short)} ${pick(arng, VERBS)} ${content.clause}`;
          const at = Math.min(now, published + int(arng, 0, 6 * HOUR));
          rows.push([uuidv7(at, arng), ids[i], source.id, `https://${source.host}/${month}/${slug}-${++source.serial}`, iso(published), wording, iso(at)]);
        }
        // Each wording's fidelity, as the service keeps it (fidelity.service.ts): against the quote, else the first wording.
        const inOrder = rows
          .map((row) => ({ id: row[0] as string, publishedAt: row[4] as string, wording: row[5] as string | null }))
          .sort((a, b) => a.publishedAt.localeCompare(b.publishedAt) || a.id.localeCompare(b.id));
        for (const row of rows) {
          const kind = fidelityOf({ id: row[0] as string, wording: row[5] as string | null }, content.quote, inOrder)?.kind ?? null;
          yield [...row, kind, row[6]];
        }
      }
    }

    const linkTotal = Math.round(0.3 * n);
    function* linkRows(): Generator<unknown[]> {
      const seen = new Set<string>();
      // A hundred statements spread over the years draw many responses, so some rebuttal lists run long.
      const viral = Math.max(1, Math.floor(n / 100));
      for (let attempts = 0; seen.size < linkTotal && attempts < linkTotal * 10; attempts++) {
        const kind = weighted(rng, LINK_KINDS);
        const from = 1 + Math.floor(rng() * (n - 1));
        const fits = (to: number): boolean => topicOf[to] === topicOf[from] && (kind !== 'REBUTS' || speakerOf[to] !== speakerOf[from]);
        const toViral = rng() < 0.1 && from > viral;
        let to = toViral ? Math.floor((rng() * from) / viral) * viral : -1;
        // Otherwise a recent statement on the same topic, and for a rebuttal someone else's.
        for (let tries = 0; !toViral && tries < 8 && (to < 0 || !fits(to)); tries++) {
          const candidate = from - 1 - Math.floor(Math.min(from, 3_000) * rng() ** 2);
          if (to < 0 || fits(candidate)) to = candidate;
        }
        const key = `${from}:${to}:${kind}`;
        // from_id responds to to_id (for REBUTS: the rebuttal, newer, and the statement it rebuts); Statement.rebuttals reads links by to_id.
        if (to < 0 || (createdAt[to] as number) >= (createdAt[from] as number) || seen.has(key)) continue;
        seen.add(key);
        const at = Math.min(now, (createdAt[from] as number) + int(rng, 5 * MINUTE, 3 * DAY));
        yield [uuidv7(at, rng), ids[from], ids[to], kind, rng() < 0.4 ? fill(rng, pick(rng, LINK_NOTES)) : null, 'CONTRIBUTOR', iso(at)];
      }
    }

    function* verdictRows(): Generator<unknown[]> {
      for (let i = 0; i < n; i++) for (const v of verdictsOf(i)) yield [v.id, ids[i], v.status, v.rationale, v.reviewer, iso(v.createdAt)];
    }
    function* evidenceRows(): Generator<unknown[]> {
      for (let i = 0; i < n; i++) for (const v of verdictsOf(i)) yield* v.evidence;
    }

    // One transaction for the reset and the whole fill: a run that fails leaves the database as it found it.
    await inTransaction(client, async () => {
      if (options.reset) await resetTables(client);
      await load(client, progress, 'sources', sources.length, 'source', sources.map((s) => [s.id, s.slug, s.name, s.kind, s.country, `https://${s.host}/`, s.stateAffiliated, iso(s.at), iso(s.at)]));
      await load(client, progress, 'speakers', speakers.length, 'speaker', speakers.map((s) => [s.id, s.name, s.kind, s.affiliation, s.title, JSON.stringify(s.aliases), iso(s.at), iso(s.at)]));
      await load(client, progress, 'statements', n, 'statement', statementRows());
      await load(client, progress, 'appearances', appearanceCounts.reduce((sum, count) => sum + count, 0), 'appearance', appearanceRows());
      await load(client, progress, 'links', linkTotal, 'statement_link', linkRows());
      await load(client, progress, 'verdicts', Math.round(0.4 * n), 'verdict', verdictRows());
      await load(client, progress, 'evidence', evidenceTotal, 'evidence', evidenceRows());
    });
    // VACUUM also merges the GIN pending lists, which searches would otherwise scan row by row, and sets the visibility map.
    // The whole database, so that tables the triggers fill are covered too.
    await client.query('VACUUM (ANALYZE)');
    const counts: Record<string, number> = {};
    for (const table of Object.keys(TABLES)) counts[table] = Number((await client.query<{ count: string }>(`SELECT count(*) FROM ${table}`)).rows[0]?.count);
    return { counts, elapsedMs: Date.now() - started };
  } finally {
    await client.end();
  }
}

const USAGE = 'usage: npm run bench:data -- [--statements N] [--database-url URL] [--seed N] [--reset]';

function parseArgs(argv: string[]): { url: string; options: FillOptions } {
  const values = new Map<string, string>();
  let reset = false;
  for (let k = 0; k < argv.length; k++) {
    const [flag, inline] = (argv[k] as string).split(/=(.*)/s) as [string, string | undefined];
    if (flag === '--reset' && inline === undefined) reset = true;
    else if (['--statements', '--database-url', '--seed'].includes(flag)) {
      const value = inline ?? argv[++k];
      if (value === undefined || value === '' || (inline === undefined && value.startsWith('--'))) throw new Error(`${flag} needs a value`);
      values.set(flag, value);
    } else throw new Error(`unknown argument: ${argv[k]}`);
  }
  const integer = (flag: string, fallback: number, min: number, max: number): number => {
    const text = values.get(flag) ?? String(fallback);
    const value = Number(text);
    if (!/^-?\d+$/.test(text) || value < min || value > max) {
      throw new Error(`${flag} must be an integer from ${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')}, not ${values.get(flag)}`);
    }
    return value;
  };
  const options = { statements: integer('--statements', 100_000, 100, 2_000_000), seed: integer('--seed', 1, 0, 2 ** 32 - 1), reset };
  const url = values.get('--database-url') ?? process.env.DATABASE_URL;
  if (!url) throw new Error('no database: pass --database-url or set DATABASE_URL');
  return { url, options };
}

async function main(): Promise<void> {
  let args: { url: string; options: FillOptions };
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`bench:data: ${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  try {
    const { counts, elapsedMs } = await fillDatabase(args.url, args.options);
    for (const [table, count] of Object.entries(counts)) console.log(`${table.padEnd(14)} ${count.toLocaleString('en-US').padStart(10)}`);
    console.log(`elapsed ${(elapsedMs / 1000).toFixed(1)}s`);
  } catch (error) {
    console.error(`bench:data: ${error instanceof NotEmptyError ? error.message : ((error as Error).stack ?? String(error))}`);
    process.exit(1);
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
