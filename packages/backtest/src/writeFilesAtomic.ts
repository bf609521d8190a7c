import { randomBytes } from 'node:crypto'
import { mkdir, rename, rm, writeFile } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'

/**
 * Writes several files so that each is either complete or absent: every file is first written to a
 * temporary name in its target directory, and only when all of them are written are they renamed into
 * place (a rename within a directory is atomic on POSIX file systems). When a write fails, the
 * temporary files are removed and nothing is renamed.
 */
export async function writeFilesAtomic(files: ReadonlyArray<{ path: string; data: string }>): Promise<void> {
  const temps: Array<{ temp: string; path: string }> = []
  try {
    for (const file of files) {
      const dir = dirname(file.path)
      await mkdir(dir, { recursive: true })
      const temp = join(dir, `.${basename(file.path)}.${randomBytes(6).toString('hex')}.tmp`)
      temps.push({ temp, path: file.path })
      await writeFile(temp, file.data, { flag: 'wx' })
    }
  } catch (error) {
    await Promise.all(temps.map(({ temp }) => rm(temp, { force: true })))
    throw error
  }
  for (const { temp, path } of temps) await rename(temp, path)
}
