// The ink view. ink is ESM-only with top-level await (yoga), so the CommonJS build cannot
// `require` it: the caller loads it with `import()` and passes it in as a prop.
import type { TradingCalendar } from '@tradeblocks/core'
import type * as Ink from 'ink'
import { createElement, type ReactElement, useEffect, useMemo, useState, useSyncExternalStore } from 'react'
import type { DashboardStore } from './DashboardStore.js'
import { type Line, layoutDashboard, type Segment } from './layoutDashboard.js'

/** The parts of ink the view uses. */
export type InkModule = Pick<typeof Ink, 'Box' | 'Text' | 'useApp' | 'useInput' | 'useStdout'>

export interface DashboardAppProps {
  /** The loaded ink module; must stay the same for the life of the component. */
  ink: InkModule
  store: DashboardStore
  calendar: TradingCalendar
  /** Screen size when the output stream does not report one. */
  fallbackSize?: { columns: number; rows: number }
}

const DEFAULT_SIZE = { columns: 100, rows: 30 }

function textProps(segment: Segment, key: number): Ink.TextProps & { key: number } {
  const props: Ink.TextProps & { key: number } = { key }
  if (segment.color !== undefined) Object.assign(props, { color: segment.color })
  if (segment.bold === true) Object.assign(props, { bold: true })
  if (segment.dim === true) Object.assign(props, { dimColor: true })
  if (segment.inverse === true) Object.assign(props, { inverse: true })
  return props
}

function paintLine(ink: InkModule, line: Line, index: number): ReactElement {
  return createElement(
    ink.Text,
    { key: index, wrap: 'truncate-end' },
    ...line.map((segment, i) => createElement(ink.Text, textProps(segment, i), segment.text)),
  )
}

/**
 * Paints {@link layoutDashboard} for the store's latest snapshot, sized to the terminal, and
 * forwards key presses to the store. Unmounts (ink `exit`) once a closing frame is drawn.
 */
export function DashboardApp({
  ink,
  store,
  calendar,
  fallbackSize = DEFAULT_SIZE,
}: DashboardAppProps): ReactElement {
  const snapshot = useSyncExternalStore(store.subscribe, store.getSnapshot)
  const { exit } = ink.useApp()
  const { stdout } = ink.useStdout()
  const measure = () => ({
    columns: stdout.columns > 0 ? stdout.columns : fallbackSize.columns,
    rows: stdout.rows > 0 ? stdout.rows : fallbackSize.rows,
  })
  const [size, setSize] = useState(measure)
  useEffect(() => {
    const onResize = () => setSize(measure())
    stdout.on('resize', onResize)
    return () => {
      stdout.off('resize', onResize)
    }
  })
  useEffect(() => {
    if (snapshot.ui.closing) exit()
  }, [snapshot, exit])
  ink.useInput((input, key) => store.handleKey(input, key), { isActive: snapshot.ui.keys !== undefined })
  const lines = useMemo(
    () => layoutDashboard(snapshot.state, snapshot.ui, { ...size, calendar }),
    [snapshot, size, calendar],
  )
  return createElement(
    ink.Box,
    { flexDirection: 'column' },
    ...lines.map((line, i) => paintLine(ink, line, i)),
  )
}
