import { formatDuration } from './claimreview.summary.js';

export interface ProgressOptions {
  /** Writes to a terminal: a bar redrawn in place. */
  tty?: (chunk: string) => void;
  /** Otherwise, whole lines now and then. */
  line?: (text: string) => void;
  now?: () => number;
  /** Between plain lines. */
  intervalMs?: number;
  /** What the position counts: "lines" or "documents". */
  unit: string;
}

export interface ProgressFigures {
  /** Lines (or documents) of the file behind us, of `total`. */
  position: number;
  total: number | undefined;
  /** Where this run started. */
  startPosition: number;
  /** Documents sent by this run. */
  documents: number;
  elapsedMs: number;
}

const BAR_WIDTH = 24;
/** A terminal redraw at most this often. */
const TTY_INTERVAL_MS = 200;

/** One line of progress: `[#####-----]  42% 1,200/2,900 lines  35.2 documents/s  ETA 48 s`. */
export function renderProgress(figures: ProgressFigures, unit: string): string {
  const n = (value: number) => value.toLocaleString('en-US');
  const seconds = figures.elapsedMs / 1000;
  const rate = seconds > 0 ? figures.documents / seconds : 0;
  const parts: string[] = [];
  if (figures.total !== undefined && figures.total > 0) {
    const share = Math.min(1, figures.position / figures.total);
    const filled = Math.round(share * BAR_WIDTH);
    parts.push(`[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${String(Math.floor(share * 100)).padStart(3)}%`);
    parts.push(`${n(figures.position)}/${n(figures.total)} ${unit}`);
  } else {
    parts.push(`${n(figures.position)} ${unit}`);
  }
  parts.push(`${n(figures.documents)} documents`, `${rate.toFixed(1)} documents/s`);
  const moved = figures.position - figures.startPosition;
  if (figures.total !== undefined && moved > 0 && figures.position < figures.total) {
    parts.push(`ETA ${formatDuration(((figures.total - figures.position) / moved) * seconds)}`);
  }
  return parts.join('  ');
}

/** Progress on stderr: a bar on a terminal, a line every `intervalMs` otherwise; nothing when given neither. */
export class Progress {
  private readonly now: () => number;
  private readonly started: number;
  private lastShown = -Infinity;
  private figures: ProgressFigures | undefined;
  private drawn = false;

  constructor(private readonly options: ProgressOptions) {
    this.now = options.now ?? Date.now;
    this.started = this.now();
  }

  update(figures: Omit<ProgressFigures, 'elapsedMs'>): void {
    const at = this.now();
    this.figures = { ...figures, elapsedMs: at - this.started };
    const interval = this.options.tty ? TTY_INTERVAL_MS : (this.options.intervalMs ?? 10_000);
    if (at - this.lastShown < interval) return;
    this.lastShown = at;
    this.show();
  }

  /** The last figures, then the terminal's line is left for what follows. */
  finish(): void {
    this.show();
    if (this.drawn) this.options.tty?.('\n');
    this.drawn = false;
  }

  private show(): void {
    if (!this.figures) return;
    const text = renderProgress(this.figures, this.options.unit);
    if (this.options.tty) {
      this.options.tty(`\r${text}\x1b[K`);
      this.drawn = true;
    } else {
      this.options.line?.(text);
    }
  }
}
