import type { Random } from './random.js'

/**
 * The kinds of catalyst the synthetic news covers. Gap-ups get positive ones, gap-downs negative ones,
 * and quiet symbols get `analyst`, `conference` or `product` items that move nothing.
 *
 * @example
 * ```ts
 * import type { NewsCategory } from '@tradeblocks/backtest'
 *
 * const biotech: NewsCategory[] = ['fda', 'clinical_trial']
 * ```
 */
export type NewsCategory =
  | 'earnings'
  | 'guidance'
  | 'fda'
  | 'clinical_trial'
  | 'contract'
  | 'partnership'
  | 'merger'
  | 'analyst'
  | 'offering'
  | 'product'
  | 'conference'
  | 'regulatory'

/**
 * A synthetic company's sector; it decides which catalysts its news can carry (FDA news only for biotech).
 *
 * @example
 * ```ts
 * import type { Sector } from '@tradeblocks/backtest'
 *
 * const fdaPossible = (sector: Sector) => sector === 'biotech'
 * ```
 */
export type Sector = 'biotech' | 'technology' | 'energy' | 'consumer' | 'financials' | 'industrials'

interface Template {
  category: NewsCategory
  sectors: readonly Sector[] | 'any'
  headline: string
  summary: string
}

const ANY = 'any' as const

/** Headlines that lift a stock. Placeholders: {name} {symbol} {n} {m} {pct} {partner} {agency} {drug} {indication} {firm} {pt} {product} {q}. */
const POSITIVE: readonly Template[] = [
  {
    category: 'earnings',
    sectors: ANY,
    headline: '{name} Reports {q} Revenue of {$m}M, Up {pct}% Year Over Year, Beating Estimates',
    summary:
      '{name} ({symbol}) posted {q} revenue of {$m}M against a consensus of {$n}M and raised its full-year outlook; gross margin expanded for a third straight quarter.',
  },
  {
    category: 'earnings',
    sectors: ANY,
    headline: '{name} Swings to Quarterly Profit as Sales Jump {pct}%',
    summary:
      '{name} ({symbol}) reported its first profitable quarter, with EPS of {$eps} versus an expected loss, on record sales and lower operating costs.',
  },
  {
    category: 'guidance',
    sectors: ANY,
    headline: '{name} Raises Full-Year Revenue Guidance to {$m}M on Strong Demand',
    summary:
      '{name} ({symbol}) lifted its annual revenue forecast to {$m}M from {$n}M, citing a growing backlog and new customer wins.',
  },
  {
    category: 'fda',
    sectors: ['biotech'],
    headline: '{name} Receives FDA Approval for {drug} in {indication}',
    summary:
      "The U.S. Food and Drug Administration approved {name}'s ({symbol}) {drug} for adults with {indication}, the company's first commercial product; launch is planned within 90 days.",
  },
  {
    category: 'fda',
    sectors: ['biotech'],
    headline: '{name} Granted FDA Breakthrough Therapy Designation for {drug}',
    summary:
      '{name} ({symbol}) said the FDA granted Breakthrough Therapy designation to {drug} for {indication}, which can speed development and review.',
  },
  {
    category: 'clinical_trial',
    sectors: ['biotech'],
    headline: '{name} Announces Positive Phase 2 Topline Results for {drug}',
    summary:
      '{drug} met its primary endpoint in a Phase 2 trial in {indication}, with a {pct}% response rate versus placebo; {name} ({symbol}) plans to meet the FDA on a Phase 3 design.',
  },
  {
    category: 'contract',
    sectors: ['technology', 'industrials', 'energy'],
    headline: '{name} Wins {$m}M Contract from {agency}',
    summary:
      '{name} ({symbol}) was awarded a multi-year contract worth up to {$m}M by {agency}, roughly {pct}% of its trailing annual revenue.',
  },
  {
    category: 'contract',
    sectors: ANY,
    headline: '{name} Signs Multi-Year Supply Agreement with {partner}',
    summary:
      '{name} ({symbol}) entered a {n}-year supply agreement with {partner}; management expects it to add {$m}M in annual revenue at full run rate.',
  },
  {
    category: 'partnership',
    sectors: ['technology', 'consumer', 'biotech'],
    headline: '{name} Announces Strategic Partnership with {partner}',
    summary:
      '{name} ({symbol}) and {partner} will jointly develop and market {product}; {partner} will also make a {$m}M equity investment at a premium.',
  },
  {
    category: 'merger',
    sectors: ANY,
    headline: '{name} to Be Acquired by {partner} for {$pt} per Share in Cash',
    summary:
      '{partner} agreed to buy {name} ({symbol}) for {$pt} a share, a {pct}% premium to the last close; the boards of both companies approved the deal, expected to close next quarter.',
  },
  {
    category: 'analyst',
    sectors: ANY,
    headline: '{firm} Upgrades {name} to Buy, Sets {$pt} Price Target',
    summary:
      '{firm} upgraded {name} ({symbol}) to Buy from Hold with a {$pt} target, citing accelerating adoption of {product} and an improving margin profile.',
  },
  {
    category: 'product',
    sectors: ['technology', 'consumer', 'energy'],
    headline: '{name} Launches {product}, Secures First Orders',
    summary:
      '{name} ({symbol}) launched {product} and said it has received initial purchase orders worth {$m}M from {partner}.',
  },
  {
    category: 'regulatory',
    sectors: ['energy', 'industrials', 'technology'],
    headline: '{name} Receives {agency} Certification for {product}',
    summary:
      '{name} ({symbol}) said {product} received certification from {agency}, clearing the way for commercial deployment in the U.S.',
  },
]

/** Headlines that sink a stock. */
const NEGATIVE: readonly Template[] = [
  {
    category: 'offering',
    sectors: ANY,
    headline: '{name} Announces {$m}M Public Offering of Common Stock',
    summary:
      '{name} ({symbol}) priced an underwritten public offering of {n}M shares at {$pt} each, a {pct}% discount to the last close, to fund operations.',
  },
  {
    category: 'offering',
    sectors: ANY,
    headline: '{name} Prices {$m}M Registered Direct Offering with Warrants',
    summary:
      '{name} ({symbol}) agreed to sell shares and warrants to institutional investors in a registered direct offering at {$pt} per unit.',
  },
  {
    category: 'earnings',
    sectors: ANY,
    headline: '{name} Misses {q} Estimates, Cuts Outlook',
    summary:
      '{name} ({symbol}) reported {q} revenue of {$m}M, short of the {$n}M consensus, and lowered its full-year guidance on weaker orders.',
  },
  {
    category: 'clinical_trial',
    sectors: ['biotech'],
    headline: "{name}'s {drug} Fails to Meet Primary Endpoint in Phase 3 Trial",
    summary:
      '{drug} did not show a statistically significant benefit over placebo in {indication}; {name} ({symbol}) is evaluating next steps for the program.',
  },
  {
    category: 'analyst',
    sectors: ANY,
    headline: '{firm} Downgrades {name} to Sell, Cuts Target to {$pt}',
    summary: '{firm} downgraded {name} ({symbol}) to Sell, citing slowing growth and rising cash burn.',
  },
]

/** News that moves nothing. */
const NEUTRAL: readonly Template[] = [
  {
    category: 'conference',
    sectors: ANY,
    headline: '{name} to Present at the {firm} Growth Conference',
    summary:
      '{name} ({symbol}) management will present and host investor meetings at the {firm} Growth Conference next week.',
  },
  {
    category: 'analyst',
    sectors: ANY,
    headline: '{firm} Reiterates Hold on {name}, Target {$pt}',
    summary:
      '{firm} kept its Hold rating on {name} ({symbol}) and a {$pt} price target after meeting management.',
  },
  {
    category: 'product',
    sectors: ANY,
    headline: '{name} Announces Date of {q} Earnings Release',
    summary:
      '{name} ({symbol}) will report {q} results after the market close on the {n}th, followed by a conference call.',
  },
]

const PARTNERS = [
  'Northwind Industries',
  'Globex Health',
  'Initech Cloud',
  'Umbrella Pharmaceuticals',
  'Stark Mobility',
  'Wayne Aerospace',
  'Tyrell Robotics',
  'Cyberdyne Systems',
  'Oscorp Materials',
  'Soylent Foods',
  'Vandelay Logistics',
  'Hooli Devices',
]
const AGENCIES = [
  'the U.S. Department of Defense',
  'the U.S. Department of Energy',
  'NASA',
  'the U.S. Army',
  'a Fortune 500 utility',
  'the Federal Aviation Administration',
  'Underwriters Laboratories',
]
const FIRMS = [
  'Halvorsen Securities',
  'Brightline Capital',
  'Marlow & Finch',
  'Roth Harbor',
  'Kepler Ridge',
  'Aldgate Partners',
]
const DRUG_PREFIXES = ['zen', 'cal', 'vor', 'tel', 'mir', 'pex', 'lum', 'qua', 'sar', 'ob']
const DRUG_SUFFIXES = ['imab', 'tinib', 'parin', 'cept', 'lisib', 'ovir', 'zumab', 'afil']
const INDICATIONS = [
  'relapsed multiple myeloma',
  'moderate-to-severe plaque psoriasis',
  'treatment-resistant depression',
  'non-small cell lung cancer',
  'Duchenne muscular dystrophy',
  'chronic kidney disease',
  'metastatic breast cancer',
  'rheumatoid arthritis',
]
const PRODUCTS: Record<Sector, readonly string[]> = {
  biotech: ['its next-generation antibody platform', 'a rapid diagnostic test', 'its gene-editing platform'],
  technology: [
    'an AI inference accelerator',
    'its edge-computing platform',
    'a quantum-safe encryption suite',
    'its autonomous drone system',
  ],
  energy: [
    'a solid-state battery module',
    'its grid-scale storage system',
    'a modular hydrogen electrolyzer',
  ],
  consumer: [
    'a direct-to-consumer subscription service',
    'its plant-based product line',
    'a smart-home device line',
  ],
  financials: ['a digital lending platform', 'its real-time payments network'],
  industrials: [
    'an electric delivery vehicle',
    'its advanced composite airframe',
    'a robotic warehouse system',
  ],
}

/** A drawn news story. */
export interface DrawnNews {
  category: NewsCategory
  sentiment: 'positive' | 'negative' | 'neutral'
  headline: string
  summary: string
}

function fill(text: string, values: Record<string, string>): string {
  // `{key}` is replaced by the value, `{$key}` by a dollar sign and the value.
  return text.replace(/\{(\$?)(\w+)\}/g, (match, dollar: string, key: string) => {
    const value = values[key]
    return value === undefined ? match : `${dollar}${value}`
  })
}

function money(value: number): string {
  return value >= 100 ? value.toFixed(0) : value.toFixed(1)
}

/**
 * Draws a story for a company: `positive` for gap-ups, `negative` for gap-downs, `neutral` for quiet
 * names. Only catalysts plausible for the sector are drawn (no FDA approvals for a utility).
 */
export function drawNews(
  rng: Random,
  sentiment: 'positive' | 'negative' | 'neutral',
  company: { symbol: string; name: string; sector: Sector; price: number; sharesOutstanding: number },
  gapPct: number,
  date: string,
): DrawnNews {
  const pool = sentiment === 'positive' ? POSITIVE : sentiment === 'negative' ? NEGATIVE : NEUTRAL
  const fits = pool.filter((t) => t.sectors === 'any' || t.sectors.includes(company.sector))
  const template = rng.pick(fits.length > 0 ? fits : pool)
  const month = Number(date.slice(5, 7))
  const quarter = Math.floor(((month + 8) % 12) / 3) + 1
  const revenue = Math.max(2, company.price * company.sharesOutstanding * rng.uniform(0.05, 0.4)) / 1e6
  const values: Record<string, string> = {
    name: company.name,
    symbol: company.symbol,
    q: `Q${quarter}`,
    m: money(revenue * (sentiment === 'negative' ? 0.85 : 1.15)),
    n: sentiment === 'neutral' ? String(rng.int(5, 28)) : money(revenue),
    pct: String(
      Math.max(5, Math.round(Math.abs(gapPct) * (template.category === 'merger' ? 1.1 : 2) + rng.int(3, 30))),
    ),
    eps: rng.uniform(0.01, 0.35).toFixed(2),
    partner: rng.pick(PARTNERS),
    agency: rng.pick(AGENCIES),
    firm: rng.pick(FIRMS),
    drug: `${rng.pick(DRUG_PREFIXES)}${rng.pick(DRUG_SUFFIXES)}`.replace(/^./, (c) => c.toUpperCase()),
    indication: rng.pick(INDICATIONS),
    product: rng.pick(PRODUCTS[company.sector]),
    pt: (company.price * (1 + gapPct / 100) * rng.uniform(1.05, 1.5)).toFixed(2),
  }
  if (template.category === 'merger') values.pt = (company.price * (1 + gapPct / 100) * 1.02).toFixed(2)
  if (template.category === 'offering') {
    values.pt = (company.price * rng.uniform(0.7, 0.9)).toFixed(2)
    values.pct = String(Math.round(rng.uniform(10, 30)))
    values.m = money(Math.max(3, (company.price * company.sharesOutstanding * rng.uniform(0.08, 0.25)) / 1e6))
    values.n = ((company.sharesOutstanding * rng.uniform(0.08, 0.25)) / 1e6).toFixed(1)
  }
  return {
    category: template.category,
    sentiment,
    headline: fill(template.headline, values),
    summary: fill(template.summary, values),
  }
}

const NAME_PREFIXES = [
  'Apex',
  'Nova',
  'Vertex',
  'Helix',
  'Orion',
  'Lumen',
  'Quantum',
  'Stellar',
  'Cobalt',
  'Summit',
  'Aurora',
  'Zenith',
  'Vireo',
  'Kestrel',
  'Pinnacle',
  'Crescent',
  'Harbor',
  'Meridian',
  'Ironwood',
  'Bluewater',
  'Redline',
  'Silverleaf',
  'Northstar',
  'Evergreen',
  'Axion',
  'Nexa',
  'Tidal',
  'Granite',
  'Falcon',
  'Beacon',
  'Cascade',
  'Delta',
  'Ember',
  'Fathom',
  'Glacier',
  'Horizon',
  'Juniper',
  'Keystone',
  'Lattice',
  'Mosaic',
  'Obsidian',
  'Prairie',
  'Quill',
  'Radiant',
  'Sable',
  'Talon',
  'Umbra',
  'Vanguard',
  'Willow',
  'Xenon',
  'Yarrow',
]
const SECTOR_WORDS: Record<Sector, readonly string[]> = {
  biotech: ['Therapeutics', 'Biosciences', 'Pharma', 'Genomics', 'Oncology', 'Medical'],
  technology: ['Systems', 'Networks', 'Software', 'Semiconductor', 'Robotics', 'Data'],
  energy: ['Energy', 'Solar', 'Hydrogen', 'Lithium', 'Power', 'Resources'],
  consumer: ['Brands', 'Foods', 'Retail', 'Apparel', 'Beverage'],
  financials: ['Financial', 'Capital', 'Bancorp', 'Payments'],
  industrials: ['Aerospace', 'Industries', 'Logistics', 'Motors', 'Materials'],
}
const SUFFIXES = ['Inc.', 'Corp.', 'Holdings', 'Group', 'Ltd.']

/** A made-up company: name, ticker and sector. Tickers are unique within `taken`. */
export function drawCompany(
  rng: Random,
  sector: Sector,
  taken: Set<string>,
): { name: string; symbol: string } {
  for (let attempt = 0; ; attempt++) {
    const prefix = rng.pick(NAME_PREFIXES)
    const word = rng.pick(SECTOR_WORDS[sector])
    const name = `${prefix} ${word} ${rng.pick(SUFFIXES)}`
    const letters = `${prefix}${word}`.toUpperCase().replace(/[^A-Z]/g, '')
    // Ticker: the prefix's first letters plus the sector word's initial, 3-4 letters.
    const length = attempt < 20 ? rng.int(3, 4) : 4
    let symbol = `${prefix.slice(0, length - 1)}${word[0]}`.toUpperCase()
    if (attempt >= 10) {
      // Fall back to random letters of the name.
      symbol = ''
      for (let i = 0; i < length; i++) symbol += letters[rng.int(0, letters.length - 1)]
      if (attempt >= 40) symbol = `${symbol.slice(0, 3)}${String.fromCharCode(65 + rng.int(0, 25))}`
    }
    if (!taken.has(symbol) && /^[A-Z]{3,4}$/.test(symbol)) {
      taken.add(symbol)
      return { name, symbol }
    }
  }
}
