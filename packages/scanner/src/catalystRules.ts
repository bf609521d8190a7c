// The rules of the rule-based catalyst classifier (internal). Each rule is a pattern over the lower-cased
// headline (and summary) with a category and a signed strength in [-1, 1]; `unless` vetoes it.
// Strength 0 marks the category without a direction (a scheduled earnings report).

import type { CatalystCategoryValue } from './classifyCatalyst.js'

export interface CatalystRule {
  id: string
  category: CatalystCategoryValue
  strength: number
  pattern: RegExp
  unless?: RegExp
}

// Shared pieces.
const EST = `(?:estimates?|expectations|consensus|forecasts?|views?|the street|street)`
const GUIDE = `(?:guidance|outlook|forecasts?|projections?|financial targets?)`
const AMOUNT = String.raw`\$\s?[\d.,]+\s?(?:k|m|mm|mn|million|b|bn|billion)?`
const FINANCING = `(?:public offering|underwritten (?:public )?offering|registered direct offering|direct offering|secondary offering|follow-on offering|equity offering|stock offering|share offering|offering of (?:its )?(?:common|ordinary|american depositary|preferred)|private placement|pipe (?:financing|offering)|at[- ]the[- ]market|atm (?:program|offering|facility|agreement)|shelf (?:registration|offering)|mixed shelf|equity line|convertible (?:senior )?notes?|notes offering|warrant inducement|exercise of (?:outstanding |existing )?warrants|warrants? exercise|${AMOUNT} offering|offering of ${AMOUNT})`
const CANCELLED = `(?:terminat|withdr[ae]w|cancel|postpon|abandon|call(?:s|ed)? off|scrap)`

export const CATALYST_RULES: readonly CatalystRule[] = [
  // ---- Offering / dilution (negative). Listed first: "prices offering" must win over generic words.
  {
    id: 'offering-withdrawn',
    category: 'offering-dilution',
    strength: 0.4,
    pattern: new RegExp(String.raw`\b${CANCELLED}\w*\b[^.;]{0,60}\b(?:offering|placement|atm program)\b`),
    unless: /\bproduct offering\b/,
  },
  {
    id: 'offering-priced',
    category: 'offering-dilution',
    strength: -0.8,
    pattern:
      /\b(?:prices?|priced|pricing of|announces? (?:the )?pricing)\b[^.;]{0,80}\b(?:offering|placement)\b/,
    unless: new RegExp(
      String.raw`\b${CANCELLED}|\bproduct offering\b|\bprices? (?:its )?(?:new )?products?\b`,
    ),
  },
  {
    id: 'offering-proposed',
    category: 'offering-dilution',
    strength: -0.7,
    pattern: new RegExp(
      String.raw`\b(?:propos(?:es|ed)|announces?|launch(?:es|ed)?|commenc(?:es|ed)|files? for|filed for|plans?|intends? to)\b[^.;]{0,60}${FINANCING}`,
    ),
    unless: new RegExp(String.raw`\b${CANCELLED}|\bclos(?:es|ed|ing) of\b`),
  },
  {
    id: 'offering-closed',
    category: 'offering-dilution',
    strength: -0.5,
    pattern: /\b(?:clos(?:es|ed|ing) (?:of )?(?:its |the |an? )?)[^.;]{0,60}\b(?:offering|placement)\b/,
    unless: new RegExp(String.raw`\b${CANCELLED}|\bproduct offering\b`),
  },
  {
    id: 'offering-financing',
    category: 'offering-dilution',
    strength: -0.6,
    // Not \b: an amount ("$50m offering") starts with a non-word character.
    pattern: new RegExp(`(?<![a-z0-9])${FINANCING}`),
    unless: new RegExp(String.raw`\b${CANCELLED}`),
  },
  {
    id: 'dilution',
    category: 'offering-dilution',
    strength: -0.4,
    pattern: /\bdilut(?:ion|ive)\b/,
    unless: /\banti-?dilut/,
  },

  // ---- FDA / clinical.
  {
    id: 'fda-negative',
    category: 'fda-clinical',
    strength: -0.8,
    pattern:
      /\bcomplete response letter\b|\bcrl\b|\bclinical hold\b|\b(?:fda|ema|regulators?)\b[^.;]{0,40}\b(?:rejects?|rejected|declines? to approve|declined to approve|refuses? to file|refusal to file)\b|\b(?:fails?|failed|did not|does not|didn't) (?:to )?(?:meet|achieve|reach|hit)\b[^.;]{0,40}\b(?:primary|endpoint|statistical significance)\b|\bmisse[sd]\b[^.;]{0,20}\b(?:primary|endpoint)\b/,
  },
  {
    id: 'trial-stopped',
    category: 'fda-clinical',
    strength: -0.7,
    pattern:
      /\b(?:discontinu(?:es|ed|ing)|halts?|halted|terminat(?:es|ed|ing)|stops?|stopped|suspends?|suspended|pauses?|paused)\b[^.;]{0,50}\b(?:trial|study|program|development of)\b/,
    unless: /\bpending news\b|\btrading\b/,
  },
  {
    id: 'fda-approval',
    category: 'fda-clinical',
    strength: 0.9,
    pattern:
      /\b(?:fda|ema|chmp|european commission|health canada|pmda|nmpa|mhra)\b[^.;]{0,50}\b(?:approv(?:al|es|ed)|clear(?:ance|s|ed)|grants? (?:marketing )?authori[sz]ation|positive opinion|recommends? approval)\b|\b(?:approv(?:al|es|ed)|clearance|510\(k\))\b[^.;]{0,50}\b(?:fda|ema|european commission)\b|\b510\(k\) clearance\b/,
    unless:
      /\b(?:not|fails?|failed|declines?|declined|rejects?|rejected|denies|denied|delays?|delayed|without|seeks?|seeking|submits?|submitted|files?|filed|awaits?|awaiting|anticipates?|expects?|application for)\b[^.;]{0,30}\b(?:approv|clearance)|\bcomplete response\b|\bind\b/,
  },
  {
    id: 'ind-cleared',
    category: 'fda-clinical',
    strength: 0.4,
    pattern:
      /\b(?:ind|investigational new drug)\b[^.;]{0,40}\b(?:clear(?:ance|s|ed)|accept(?:ance|s|ed)|allow(?:s|ed)? to proceed)\b|\bclears? (?:the )?ind\b/,
  },
  {
    id: 'fda-designation',
    category: 'fda-clinical',
    strength: 0.5,
    pattern:
      /\b(?:breakthrough therapy|breakthrough device|fast track|orphan drug|priority review|rare pediatric disease|rmat|accelerated approval pathway)\b/,
    unless: /\b(?:rescind|revok|withdr[ae]w|denie[sd]|denial)/,
  },
  {
    id: 'trial-positive',
    category: 'fda-clinical',
    strength: 0.7,
    pattern:
      /\b(?:positive|encouraging|statistically significant|successful|favorable|robust)\b[^.;]{0,50}\b(?:topline|top-line|data|results?|readout|trial|study|outcomes?|efficacy)\b|\b(?:meets?|met|achieves?|achieved|hits?)\b[^.;]{0,30}\b(?:primary|endpoint)/,
    unless: /\b(?:fails?|failed|did not|does not|didn't|not meet|miss(?:es|ed)?)\b/,
  },
  {
    id: 'clinical-event',
    category: 'fda-clinical',
    strength: 0,
    pattern:
      /\b(?:phase (?:1|2|3|i|ii|iii|1b|2a|2b|1\/2|2\/3)|clinical trials?|pivotal (?:trial|study)|pdufa|topline|biologics license|new drug application|\bnda\b|\bbla\b|fda)\b/,
  },

  // ---- Merger / acquisition.
  {
    id: 'deal-terminated',
    category: 'merger-acquisition',
    strength: -0.6,
    pattern: new RegExp(
      String.raw`\b(?:${CANCELLED}\w*|walks? away from|blocks?|blocked|sues to block|rejects?|rejected)\b[^.;]{0,50}\b(?:merger|acquisition|deal|takeover|buyout|tender offer|combination)\b`,
    ),
  },
  {
    id: 'to-be-acquired',
    category: 'merger-acquisition',
    strength: 0.8,
    pattern:
      /\b(?:to be acquired|agrees? to be acquired|acquired by|to be bought|be taken private|take[- ]private|go(?:es|ing)? private|buyout (?:offer|proposal|bid)|takeover (?:bid|offer|approach|interest)|tender offer|per share in cash|unsolicited (?:proposal|offer|bid)|receives? (?:an? )?(?:unsolicited |non-binding |revised )?(?:proposal|offer|bid) (?:to|from)|definitive (?:merger )?agreement to be acquired)\b/,
    unless: new RegExp(String.raw`\b${CANCELLED}|\brejects?\b`),
  },
  {
    id: 'acquisition',
    category: 'merger-acquisition',
    strength: 0.4,
    pattern:
      /\b(?:to acquire|acquires?|acquisition of|agrees? to acquire|to merge|merge with|merger (?:agreement|of equals|with)|business combination|combination with|strategic combination)\b/,
    unless: new RegExp(
      String.raw`\b${CANCELLED}|\b(?:blocks?|blocked|walks? away)\b|\btalent acquisition\b|\bcustomer acquisition\b|\bdata acquisition\b`,
    ),
  },
  {
    id: 'strategic-alternatives',
    category: 'merger-acquisition',
    strength: 0.3,
    pattern:
      /\bstrategic alternatives\b|\bexplor(?:es|ing) (?:a )?(?:potential )?sale\b|\bputs? itself up for sale\b/,
  },

  // ---- Contract / partnership.
  {
    id: 'contract-lost',
    category: 'contract-partnership',
    strength: -0.5,
    pattern: new RegExp(
      String.raw`\b(?:${CANCELLED}\w*|loses?|lost|ends?|ended|not renew)\b[^.;]{0,50}\b(?:contract|partnership|collaboration|supply agreement|license agreement|licensing agreement|distribution agreement)\b`,
    ),
    unless: /\bmerger|acquisition\b/,
  },
  {
    id: 'contract-award',
    category: 'contract-partnership',
    strength: 0.6,
    pattern:
      /\b(?:award(?:s|ed)?|wins?|won|secures?|secured|lands?|landed|receives?|received|signs?|signed|books?|booked|selected for)\b[^.;]{0,60}\b(?:contracts?|purchase orders?|orders?|task orders?|awards?|tenders?|deal)\b/,
    unless: new RegExp(
      String.raw`\b${CANCELLED}|\b(?:acqui|merge|merger)|\b(?:notice|subpoena|letter|warning)\b|\bexecutive order\b|\bcourt order\b|\bgag order\b|\bin order to\b`,
    ),
  },
  {
    id: 'partnership',
    category: 'contract-partnership',
    strength: 0.5,
    pattern:
      /\b(?:partnership|partners with|partnering with|partnered with|collaborat(?:ion|es with|ing with)|strategic alliance|joint venture|teams up with|license agreement|licensing agreement|licensing deal|supply agreement|distribution agreement|commercial agreement|master services agreement|memorandum of understanding|\bmou\b|agreement with)\b/,
    unless: new RegExp(
      String.raw`\b${CANCELLED}|\b(?:ends?|ended|loses?|lost)\b|\b(?:merger|acquisition) agreement\b|\b(?:underwriting|securities purchase|placement agency|sales) agreement\b`,
    ),
  },

  // ---- Analyst action.
  {
    id: 'analyst-downgrade',
    category: 'analyst-action',
    strength: -0.5,
    pattern:
      /\bdowngrade[sd]?\b|\b(?:cuts?|lowers?|lowered|slashes?|slashed|reduces?|reduced|trims?|trimmed)\b[^.;]{0,30}\b(?:price target|pt|target price)\b|\b(?:price target|pt|target price) (?:cut|lowered|reduced|slashed|trimmed)\b|\binitiat(?:es|ed|ing)\b[^.;]{0,50}\b(?:sell|underperform|underweight|reduce)\b/,
    unless: new RegExp(
      String.raw`\b(?:cuts?|lowers?|lowered|slashes?|reduces?|trims?|downgrades?)\b[^.;]{0,40}\b${GUIDE}`,
    ),
  },
  {
    id: 'analyst-upgrade',
    category: 'analyst-action',
    strength: 0.5,
    pattern:
      /\bupgraded?\b[^.;]{0,60}\bto\s+(?:strong buy|buy|outperform|overweight|accumulate|add|positive|market perform|neutral|hold|equal[- ]weight|sector perform|peer perform|in[- ]line)\b|\bupgraded (?:by|at)\b|\bupgrades\b[^.;]{0,40}\b(?:to|at)\b/,
    unless: /\b(?:network|system|software|facility|infrastructure|platform) upgrade\b/,
  },
  {
    id: 'analyst-target-raised',
    category: 'analyst-action',
    strength: 0.3,
    pattern:
      /\b(?:raises?|raised|lifts?|lifted|boosts?|boosted|ups|upped|hikes?|hiked|increases?|increased)\b[^.;]{0,30}\b(?:price target|pt|target price)\b|\b(?:price target|pt|target price) (?:raised|increased|boosted|lifted|hiked)\b/,
  },
  {
    id: 'analyst-initiate-bullish',
    category: 'analyst-action',
    strength: 0.4,
    pattern:
      /\binitiat(?:es|ed|ing)\b[^.;]{0,50}\b(?:buy|outperform|overweight|strong buy|positive)\b|\b(?:starts?|started|begins?|began) (?:coverage )?(?:at|with) (?:buy|outperform|overweight)\b/,
  },
  {
    id: 'analyst-reiterate',
    category: 'analyst-action',
    strength: 0.1,
    pattern:
      /\b(?:reiterat(?:es|ed)|maintains?|maintained|affirms?|reaffirms?)\b[^.;]{0,40}\b(?:buy|outperform|overweight|strong buy) rating\b/,
  },

  // ---- Guidance.
  {
    id: 'guidance-raised',
    category: 'guidance',
    strength: 0.6,
    pattern: new RegExp(
      String.raw`\b(?:raises?|raised|raising|boosts?|boosted|lifts?|lifted|ups|upped|increases?|increased|hikes?|hiked|improves?|improved)\b[^.;]{0,40}\b${GUIDE}|\b${GUIDE}\b[^.;]{0,40}\babove\b[^.;]{0,25}\b${EST}`,
    ),
    unless: /\bprice target\b/,
  },
  {
    id: 'guidance-cut',
    category: 'guidance',
    strength: -0.6,
    pattern: new RegExp(
      String.raw`\b(?:cuts?|cutting|lowers?|lowered|lowering|reduces?|reduced|slashes?|slashed|trims?|trimmed|downgrades?|weakens?)\b[^.;]{0,40}\b${GUIDE}|\b(?:withdraws?|withdrew|suspends?|suspended|pulls?|pulled|scraps?)\b[^.;]{0,30}\b${GUIDE}|\b${GUIDE}\b[^.;]{0,40}\b(?:below|misses|short of|weak|disappoint)`,
    ),
    unless: /\bprice target\b/,
  },
  {
    id: 'guidance-reaffirmed',
    category: 'guidance',
    strength: 0.1,
    pattern: new RegExp(
      String.raw`\b(?:reaffirms?|reaffirmed|reiterates?|reiterated|maintains?|maintained|confirms?|confirmed|affirms?)\b[^.;]{0,40}\b${GUIDE}`,
    ),
  },
  {
    id: 'guidance-mentioned',
    category: 'guidance',
    strength: 0,
    pattern: /\b(?:guidance|outlook)\b/,
  },

  // ---- Earnings.
  {
    id: 'earnings-beat',
    category: 'earnings',
    strength: 0.5,
    pattern: new RegExp(
      String.raw`\b(?:beats?|topp?(?:s|ed)?|surpass(?:es|ed)?|exceed(?:s|ed)?|crush(?:es|ed)?|smash(?:es|ed)?|tops?)\b[^.;]{0,40}\b${EST}|\b(?:above|ahead of)\b[^.;]{0,15}\b${EST}|\b(?:beats?|beat) on (?:the )?(?:revenue|sales|earnings|eps|top line|bottom line|both lines)\b|\b(?:revenue|sales|earnings|eps) (?:beats?|tops?)\b`,
    ),
    unless: new RegExp(String.raw`\b${GUIDE}\b[^.;]{0,40}\b(?:above|ahead of)\b`),
  },
  {
    id: 'earnings-miss',
    category: 'earnings',
    strength: -0.5,
    pattern: new RegExp(
      String.raw`\b(?:miss(?:es|ed)?|falls? short of|fell short of|trails?|trailed|lags?|lagged)\b[^.;]{0,40}\b${EST}|(?<!${GUIDE}[^.;]{0,40})\bbelow\b[^.;]{0,15}\b${EST}|\bmiss(?:es|ed)? on (?:the )?(?:revenue|sales|earnings|eps|top line|bottom line|both lines)\b|\b(?:revenue|sales|earnings|eps) miss(?:es|ed)?\b`,
    ),
  },
  {
    id: 'earnings-record',
    category: 'earnings',
    strength: 0.4,
    pattern: /\brecord\b[^.;]{0,30}\b(?:revenue|sales|earnings|profit|net income|results|quarter|bookings)\b/,
  },
  {
    id: 'earnings-growth',
    category: 'earnings',
    strength: 0.3,
    pattern:
      /\b(?:revenue|sales|eps|earnings|profit|net income|bookings)\b[^.;]{0,15}\b(?:up|rises?|rose|grows?|grew|jumps?|jumped|surges?|surged|soars?|soared|climbs?|climbed|increases?|increased|doubles?|doubled|triples?|tripled)\b|\b(?:swings? to|returns? to|first) (?:a )?(?:quarterly |annual )?profit\b/,
  },
  {
    id: 'earnings-decline',
    category: 'earnings',
    strength: -0.3,
    pattern:
      /\b(?:revenue|sales|eps|earnings|profit|net income|bookings)\b[^.;]{0,15}\b(?:down|falls?|fell|drops?|dropped|declines?|declined|decreases?|decreased|plunges?|plunged|slumps?|slumped|tumbles?|tumbled)\b|\b(?:loss|losses) widen(?:s|ed)?\b|\bswings? to (?:a )?loss\b/,
  },
  {
    id: 'earnings-report',
    category: 'earnings',
    strength: 0,
    pattern:
      /\b(?:q[1-4]|first[- ]quarter|second[- ]quarter|third[- ]quarter|fourth[- ]quarter|quarterly|full[- ]year|fiscal(?: year)?(?: \d{4})?|annual|year[- ]end)\b[^.;]{0,40}\b(?:results|earnings|report)\b|\bearnings\b|\beps\b/,
  },

  // ---- Legal / regulatory.
  {
    id: 'regains-compliance',
    category: 'legal-regulatory',
    strength: 0.3,
    pattern: /\bregain(?:s|ed)? compliance\b/,
  },
  {
    id: 'delisting',
    category: 'legal-regulatory',
    strength: -0.6,
    pattern:
      /\bdelist(?:ing|ed|s)?\b|\bdeficiency (?:notice|letter)\b|\bnon-?compliance\b|\bminimum bid price\b/,
    unless: /\bregain(?:s|ed)? compliance\b/,
  },
  {
    id: 'legal-win',
    category: 'legal-regulatory',
    strength: 0.5,
    pattern:
      /\b(?:wins?|won|prevails?|prevailed)\b[^.;]{0,50}\b(?:lawsuit|litigation|case|verdict|ruling|appeal|patent|arbitration|jury|trial|dispute)\b|\bjury awards?\b|\b(?:lawsuit|case|charges?|complaint|suit)\b[^.;]{0,25}\bdismissed\b|\bfavorable (?:ruling|verdict|decision|judgment)\b/,
  },
  {
    id: 'shareholder-suit',
    category: 'legal-regulatory',
    strength: -0.3,
    pattern:
      /\bclass action\b|\bsecurities (?:fraud )?(?:lawsuit|litigation)\b|\bshareholder (?:lawsuit|suit|alert)\b|\binvestors? (?:are )?(?:encouraged|reminded|urged) to contact\b|\blead plaintiff deadline\b|\binvestigating (?:potential )?(?:claims|securities)\b|\bon behalf of (?:investors|shareholders)\b/,
  },
  {
    id: 'investigation',
    category: 'legal-regulatory',
    strength: -0.6,
    pattern:
      /\b(?:sec|doj|department of justice|ftc|fbi|cftc|finra|attorney general|prosecutors?)\b[^.;]{0,40}\b(?:investigat\w*|probes?|subpoena\w*|charges?|charged|sues|suing|fines?|fined|penalty|enforcement|raid\w*)\b|\b(?:indicted|indictment|charged with fraud|fraud charges|wells notice|accounting irregularities|restate(?:s|ment)?)\b/,
    unless:
      /\b(?:clos(?:es|ed)|ends?|ended|conclud(?:es|ed)|settl(?:es|ed|ement)|dismiss\w*|drops?|dropped)\b[^.;]{0,30}\b(?:investigation|probe|charges|case|inquiry)\b|\bon behalf of (?:investors|shareholders)\b|\binvestors? (?:are )?(?:encouraged|reminded|urged) to contact\b|\blaw firm\b/,
  },
  {
    id: 'lawsuit',
    category: 'legal-regulatory',
    strength: -0.4,
    pattern: /\b(?:sued|sues|lawsuit|litigation|injunction)\b/,
    unless:
      /\b(?:wins?|won|prevails?|dismiss\w*|favorable|settl\w*|files? (?:a )?(?:patent )?(?:infringement )?(?:lawsuit|suit) against)\b|\bclass action\b|\bon behalf of (?:investors|shareholders)\b/,
  },
  {
    id: 'settlement',
    category: 'legal-regulatory',
    strength: 0.2,
    pattern:
      /\bsettl(?:es|ed|ement)\b[^.;]{0,40}\b(?:lawsuit|litigation|investigation|probe|charges|dispute|case|claims)\b|\b(?:lawsuit|litigation|investigation|probe|dispute|case)\b[^.;]{0,30}\bsettl(?:es|ed|ement)\b/,
  },
  {
    id: 'recall',
    category: 'legal-regulatory',
    strength: -0.5,
    pattern:
      /\brecall(?:s|ed|ing)?\b[^.;]{0,40}\b(?:units|vehicles|products?|devices?|lots?|batches|over|due to)\b|\b(?:voluntary|product|safety) recall\b/,
  },
  {
    id: 'regulatory-approval',
    category: 'legal-regulatory',
    strength: 0.4,
    pattern:
      /\b(?:faa|fcc|epa|nrc|ferc|dot|nhtsa|cms|usda|ftc|doj|cfius|regulators?)\b[^.;]{0,40}\b(?:approv(?:es|ed|al)|certif(?:ies|ied|ication)|grants?|granted|clears?|cleared|authori[sz](?:es|ed|ation))\b/,
    unless:
      /\b(?:not|denies|denied|rejects?|rejected|blocks?|blocked|delays?|delayed)\b[^.;]{0,20}\b(?:approv|certif|clear|authori)/,
  },

  // ---- Other.
  {
    id: 'bankruptcy',
    category: 'other',
    strength: -0.9,
    pattern: /\bchapter (?:7|11)\b|\bbankruptcy\b|\bgoing concern\b|\binsolven\w*/,
    unless: /\bemerg(?:es|ed|ing) from\b|\bexits? bankruptcy\b/,
  },
  {
    id: 'short-report',
    category: 'other',
    strength: -0.5,
    pattern:
      /\bshort[- ]sellers?\b|\bshort (?:seller )?report\b|\b(?:hindenburg|muddy waters|citron|spruce point|grizzly research|culper|kerrisdale|wolfpack|blue orca|fuzzy panda|iceberg research)\b/,
  },
  {
    id: 'reverse-split',
    category: 'other',
    strength: -0.4,
    pattern: /\breverse (?:stock |share )?split\b/,
  },
  {
    id: 'buyback',
    category: 'other',
    strength: 0.4,
    pattern:
      /\b(?:share|stock) (?:repurchase|buyback)\b|\b(?:buyback|repurchase) (?:program|plan|authori[sz]ation)\b/,
    unless: new RegExp(String.raw`\b${CANCELLED}|\bsuspends?\b`),
  },
  {
    id: 'dividend-up',
    category: 'other',
    strength: 0.2,
    pattern:
      /\b(?:raises?|raised|increases?|increased|hikes?|hiked|boosts?|boosted|initiates?|declares? (?:a )?special)\b[^.;]{0,25}\bdividend\b|\bspecial dividend\b/,
  },
  {
    id: 'dividend-down',
    category: 'other',
    strength: -0.4,
    pattern:
      /\b(?:cuts?|suspends?|suspended|eliminates?|eliminated|slashes?|slashed|omits?)\b[^.;]{0,25}\bdividend\b/,
  },
  {
    id: 'executive-exit',
    category: 'other',
    strength: -0.2,
    pattern:
      /\b(?:ceo|cfo|chief executive|chief financial officer|founder|chairman)\b[^.;]{0,40}\b(?:resigns?|resigned|steps? down|stepping down|departs?|departed|ousted|fired|terminated|exits?|leaves?)\b/,
  },
]
