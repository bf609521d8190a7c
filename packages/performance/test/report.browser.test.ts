// Opens HTML reports in headless Chromium (Debian's `chromium` package) and checks that the charts
// really render: canvases present and painted, no console errors, no request leaving the file, no
// NaN on the page. A screenshot is written to a temporary folder.
//
// Needs /usr/bin/chromium (or CHROMIUM_PATH). Set TRADEBLOCKS_SKIP_BROWSER=1 to skip on a machine
// without it; otherwise a missing browser fails the test.
import { existsSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { fromNewYork } from '@tradeblocks/core'
import { type BrowserContext, chromium, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { computeStats, renderHtmlReport, writeHtmlReport } from '../src/index.js'
import { syntheticBacktest } from './fixtures.js'

// The few browser globals the page.evaluate callbacks use: this file compiles without the DOM lib.
interface BrowserCanvas {
  width: number
  height: number
  getContext(kind: '2d'): {
    getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray }
  }
}
interface BrowserElement {
  querySelectorAll(selector: string): ArrayLike<BrowserCanvas>
}
interface ReportState {
  ready: boolean
  charts: number
  errors: string[]
}
declare const window: { __tradeblocksReport?: ReportState; scrollTo(x: number, y: number): void }
// innerText, not textContent: the rendered text, without the inlined scripts.
declare const document: {
  querySelector(selector: string): BrowserElement | null
  body: { innerText: string }
}

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const SKIP = process.env.TRADEBLOCKS_SKIP_BROWSER === '1'
const available = existsSync(CHROMIUM)

let context: BrowserContext | undefined
let profile: string
let work: string
const outside: string[] = []

beforeAll(async () => {
  if (!available) return
  profile = await mkdtemp(join(tmpdir(), 'tradeblocks-chromium-profile-'))
  work = await mkdtemp(join(tmpdir(), 'tradeblocks-report-test-'))
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1280, height: 900 },
  })
  // The report must open offline: refuse and record any request that is not the file itself.
  await context.route('**/*', (route) => {
    const url = route.request().url()
    if (url.startsWith('file:')) return route.continue()
    outside.push(url)
    return route.abort()
  })
}, 60_000)

afterAll(async () => {
  await context?.close()
  if (profile !== undefined) await rm(profile, { recursive: true, force: true })
  if (work !== undefined) await rm(work, { recursive: true, force: true })
})

interface Opened {
  page: Page
  consoleErrors: string[]
}

async function open(html: string, name: string): Promise<Opened> {
  const file = join(work, `${name}.html`)
  await writeFile(file, html)
  const page = await context!.newPage()
  const consoleErrors: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') consoleErrors.push(message.text())
  })
  page.on('pageerror', (error) => consoleErrors.push(error.message))
  await page.goto(pathToFileURL(file).href)
  await page.waitForFunction(() => window.__tradeblocksReport?.ready === true, undefined, { timeout: 15_000 })
  return { page, consoleErrors }
}

/** Painted (non-transparent, non-white) pixels over all canvases inside `selector`. */
function paintedPixels(page: Page, selector: string): Promise<{ canvases: number; painted: number }> {
  return page.evaluate((sel) => {
    const root = document.querySelector(sel)
    if (root === null) return { canvases: 0, painted: 0 }
    let painted = 0
    const canvases = Array.from(root.querySelectorAll('canvas'))
    for (const canvas of canvases) {
      if (canvas.width === 0 || canvas.height === 0) continue
      const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data
      for (let i = 0; i < pixels.length; i += 4) {
        const [r, g, b, a] = [pixels[i]!, pixels[i + 1]!, pixels[i + 2]!, pixels[i + 3]!]
        if (a > 0 && (r < 235 || g < 235 || b < 235)) painted++
      }
    }
    return { canvases: canvases.length, painted }
  }, selector)
}

/** The page's rendered text (innerText leaves out the inlined scripts, which textContent would include). */
const renderedText = (page: Page) => page.evaluate(() => document.body.innerText)

const chartsDrawn = (page: Page) => page.evaluate(() => window.__tradeblocksReport?.charts ?? 0)

const reportErrors = (page: Page) =>
  page.evaluate(() => window.__tradeblocksReport?.errors ?? ['no report state'])

describe.skipIf(SKIP)('HTML report in headless Chromium', () => {
  test('chromium is installed (set TRADEBLOCKS_SKIP_BROWSER=1 to skip the browser tests)', () => {
    expect(
      available,
      `${CHROMIUM} not found: install Debian's chromium (apt-get install -y chromium), set CHROMIUM_PATH, ` +
        'or set TRADEBLOCKS_SKIP_BROWSER=1 to skip the browser tests',
    ).toBe(true)
  })

  test.runIf(available)(
    'a 20-day backtest report draws its equity, drawdown and trade charts offline, without errors',
    { timeout: 60_000 },
    async () => {
      const backtest = syntheticBacktest(20260105)
      const stats = computeStats({ trades: backtest.trades, equity: backtest.equity })
      const html = renderHtmlReport({
        title: 'Synthetic 20-day backtest',
        stats,
        trades: backtest.trades,
        equity: backtest.equity,
        bars: backtest.bars,
        generatedAt: fromNewYork(2026, 2, 3, 18),
      })
      const { page, consoleErrors } = await open(html, 'backtest')

      for (const selector of ['#equity-chart', '#drawdown-chart']) {
        const { canvases, painted } = await paintedPixels(page, selector)
        expect(canvases, selector).toBeGreaterThan(0)
        expect(painted, selector).toBeGreaterThan(2_000)
      }

      // Trade charts are drawn when scrolled into view: check the first and the last.
      const last = backtest.trades.length - 1
      for (const index of [0, last]) {
        const before = await chartsDrawn(page)
        await page.locator(`#trade-${index}`).scrollIntoViewIfNeeded()
        await page.waitForFunction(
          ([sel, n]) =>
            document.querySelector(`${sel} canvas`) !== null &&
            (window.__tradeblocksReport?.charts ?? 0) >= n,
          [`#trade-${index}`, index === 0 ? 1 : before + 1] as const,
        )
        const { painted } = await paintedPixels(page, `#trade-${index} .trade-chart`)
        expect(painted, `trade ${index}`).toBeGreaterThan(2_000)
      }

      const text = await renderedText(page)
      expect(text).not.toMatch(/\bNaN\b|Infinity|undefined/)
      expect(text).toContain(`Trades (${backtest.trades.length})`)
      expect(await reportErrors(page)).toEqual([])
      expect(consoleErrors).toEqual([])
      expect(outside).toEqual([])

      const shots = await mkdtemp(join(tmpdir(), 'tradeblocks-report-screenshots-'))
      await page.evaluate(() => window.scrollTo(0, 0))
      await page.screenshot({ path: join(shots, 'report-top.png') })
      await page.locator('#trade-0').scrollIntoViewIfNeeded()
      await page.screenshot({ path: join(shots, 'report-trades.png') })
      expect(existsSync(join(shots, 'report-top.png'))).toBe(true)
      console.info(`report screenshots: ${shots}`)
      await page.close()
    },
  )

  test.runIf(available)(
    'edge cases render with defined values: no trades, one trade without bars or capital',
    async () => {
      const empty = await open(renderHtmlReport({ stats: computeStats(), trades: [] }), 'empty')
      expect(await reportErrors(empty.page)).toEqual([])
      expect(empty.consoleErrors).toEqual([])
      expect(await renderedText(empty.page)).not.toMatch(/\bNaN\b|Infinity|undefined/)
      await empty.page.close()

      const trade = {
        id: 'only',
        symbol: 'ABCD',
        side: 'long' as const,
        qty: 100,
        entryTs: fromNewYork(2026, 1, 5, 10),
        entryPrice: 0.5123,
        exitTs: fromNewYork(2026, 1, 5, 10, 30),
        exitPrice: 0.5311,
        netPnl: 1.88,
        fees: 0,
        plannedStop: 0.5,
      }
      const path = join(work, 'single.html')
      await writeHtmlReport({ path, stats: computeStats({ trades: [trade] }), trades: [trade] })
      const single = await context!.newPage()
      const errors: string[] = []
      single.on('pageerror', (e) => errors.push(e.message))
      single.on('console', (m) => m.type() === 'error' && errors.push(m.text()))
      await single.goto(pathToFileURL(path).href)
      await single.waitForFunction(() => window.__tradeblocksReport?.ready === true)
      await single.locator('#trade-0').scrollIntoViewIfNeeded()
      await single.waitForFunction(() => document.querySelector('#trade-0 canvas') !== null)
      expect((await paintedPixels(single, '#trade-0 .trade-chart')).painted).toBeGreaterThan(500)
      expect((await paintedPixels(single, '#equity-chart')).painted).toBeGreaterThan(500)
      expect(await renderedText(single)).not.toMatch(/\bNaN\b|Infinity|undefined/)
      expect(errors).toEqual([])
      expect(await reportErrors(single)).toEqual([])
      await single.close()
      expect(outside).toEqual([])
    },
  )
})
