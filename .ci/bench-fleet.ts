// Fleet figures: a full scan of N simulated companies (wall time, requests per company, the server's peak RSS) and fleet-query times.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { QueryFigures, ScanFigures } from './bench-fleet-server.ts'

export interface FleetFigures {
  scans: ScanFigures[]
  /** Peak RSS of the process doing the console server's fleet work (not the simulation's). */
  peakRssMb: number
  dataTypes: number
  /** Per query shape: filter + sort + one page with the summary counts. */
  queries: QueryFigures[]
}

// node itself (not the tsx wrapper), so stopping it stops the process.
const startNode = (args: string[], env: NodeJS.ProcessEnv = process.env) =>
  spawn(process.execPath, ['--import', 'tsx', ...args], {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  })

export async function measureFleet(companies: number, port: number): Promise<FleetFigures> {
  // The simulated Codat holds a world of its own: it runs apart so the figures are the server's.
  const sim = startNode(['src/mocks/sim-cli.ts'], {
    ...process.env,
    SIM_PORT: String(port),
    SIM_COMPANIES: String(companies),
  })
  const dir = mkdtempSync(join(tmpdir(), 'fleet-bench-'))
  try {
    await new Promise<void>((resolve, reject) => {
      sim.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('listening') && resolve())
      sim.on('exit', () => reject(new Error('the simulation did not start')))
    })
    const server = startNode(['.ci/bench-fleet-server.ts', String(companies), String(port), dir])
    let output = ''
    server.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    const code = await new Promise<number | null>((resolve) => server.on('exit', resolve))
    const line = output.split('\n').find((l) => l.startsWith('FIGURES '))
    if (code !== 0 || !line) throw new Error(`the fleet bench process failed (exit ${code})`)
    const figures = JSON.parse(line.slice('FIGURES '.length)) as FleetFigures
    return {
      scans: figures.scans,
      peakRssMb: figures.peakRssMb,
      dataTypes: figures.dataTypes,
      queries: figures.queries,
    }
  } finally {
    sim.kill('SIGTERM')
    rmSync(dir, { recursive: true, force: true })
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const figures = await measureFleet(
    Number(process.env.BENCH_FLEET_COMPANIES ?? 10_000),
    Number(process.env.BENCH_SIM_PORT ?? 4710),
  )
  console.log(JSON.stringify(figures, null, 2))
  process.exit(0)
}
