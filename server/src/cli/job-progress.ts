import type { Job, JobEvent } from '@brandgen/client';
import cliProgress from 'cli-progress';
import { shortJobId } from './image-file-names.ts';
import type { Output } from './output.ts';

/** Shows one job's progress as it happens, in the form the output mode calls for. */
export interface JobProgressView {
  event(event: JobEvent): void;
  /** The job ended (or the command stopped): bars are drawn a last time and released. */
  stop(): void;
}

type SlotState = 'queued' | 'drawing' | 'ready' | 'failed' | 'expired';

/** The events whose data is the whole job: its state, how it ended, and its filing (with the brand-fit scores). */
export type WholeJobEvent = Extract<JobEvent, { type: 'state' | 'complete' | 'failed' | 'filed' }>;

export function carriesJob(event: JobEvent): event is WholeJobEvent {
  return event.type === 'state' || event.type === 'complete' || event.type === 'failed' || event.type === 'filed';
}

export function jobProgressView(options: { output: Output; jobId: string; slots: number; label?: string }): JobProgressView {
  switch (options.output.mode) {
    case 'terminal':
      return new TerminalBars(options);
    case 'plain':
      return new ProgressLines(options);
    case 'json-lines':
      return new ProgressJsonLines(options);
    case 'json':
      return { event: () => undefined, stop: () => undefined };
  }
}

function slotStateOf(status: Job['slots'][number]['status'], jobStatus: Job['status']): SlotState {
  if (status === 'pending') return jobStatus === 'processing' ? 'drawing' : 'queued';
  return status;
}

/** One bar per image, with the model's own progress where it reports it (cli-progress, on standard output). */
class TerminalBars implements JobProgressView {
  private readonly bars: cliProgress.MultiBar;
  private readonly slots: cliProgress.SingleBar[];

  constructor(options: { output: Output; slots: number; label?: string }) {
    this.bars = new cliProgress.MultiBar(
      {
        stream: process.stdout,
        format: `${options.label ? `${options.label} ` : ''}image {n} {bar} {percentage}% {state}`,
        barsize: 24,
        hideCursor: true,
        autopadding: true,
        clearOnComplete: false,
        fps: 12,
      },
      cliProgress.Presets.shades_classic,
    );
    this.slots = Array.from({ length: options.slots }, (_, n) => this.bars.create(100, 0, { n: n + 1, state: 'queued' }));
  }

  event(event: JobEvent): void {
    if (carriesJob(event)) {
      for (const slot of event.data.slots) {
        const state = slotStateOf(slot.status, event.data.status);
        const bar = this.slots[slot.n];
        if (state === 'ready') bar?.update(100, { state });
        else bar?.update({ state });
      }
    } else if (event.type === 'image_progress') {
      this.slots[event.data.n]?.update(Math.min(99, Math.round(event.data.fraction * 100)), { state: 'drawing' });
    } else if (event.type === 'image') {
      this.slots[event.data.n]?.update(100, { state: 'ready' });
    }
  }

  stop(): void {
    this.bars.stop();
  }
}

/** A line per change, for logs and pipes: each image's state, and its progress in quarters. */
class ProgressLines implements JobProgressView {
  private readonly output: Output;
  private readonly prefix: string;
  private readonly states = new Map<number, string>();

  constructor(options: { output: Output; jobId: string; label?: string }) {
    this.output = options.output;
    this.prefix = options.label ? `${options.label} ` : `job ${shortJobId(options.jobId)} `;
  }

  event(event: JobEvent): void {
    if (carriesJob(event)) {
      for (const slot of event.data.slots) this.say(slot.n, slotStateOf(slot.status, event.data.status), slot.error);
    } else if (event.type === 'image_progress') {
      const quarter = Math.floor(event.data.fraction * 4) * 25;
      if (quarter > 0 && quarter < 100) this.say(event.data.n, `drawing ${quarter}%`);
    } else if (event.type === 'image') {
      this.say(event.data.n, 'ready');
    }
  }

  stop(): void {}

  private say(n: number, state: string, reason?: string | null): void {
    if (this.states.get(n) === state || (state.startsWith('drawing') && this.states.get(n) === 'ready')) return;
    this.states.set(n, state);
    this.output.line(`${this.prefix}image ${n + 1}: ${state}${reason ? ` (${reason})` : ''}`);
  }
}

/** `--json --progress`: every event as one JSON line, small enough to read in a script. */
class ProgressJsonLines implements JobProgressView {
  private readonly output: Output;
  private readonly jobId: string;

  constructor(options: { output: Output; jobId: string }) {
    this.output = options.output;
    this.jobId = options.jobId;
  }

  event(event: JobEvent): void {
    const base = { type: event.type, job_id: this.jobId };
    if (carriesJob(event)) {
      this.output.event({ ...base, status: event.data.status, progress: event.data.progress });
    } else {
      this.output.event({ ...base, ...event.data });
    }
  }

  stop(): void {}
}
