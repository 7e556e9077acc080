import type { ConfigBackup } from './config-backup';
import { backupOf, recordOf, type OriginalConfigFile, type RecordedOriginal } from './original-config-file';

/**
 * The original configuration of the collector's server as the collector restores it, kept on
 * disk at every change of state (original-config-file.ts): what ResetKnobs puts back and what
 * the next collector finds if this one dies.
 */
export class DurableOriginal {
  private liveMap: ReadonlyMap<string, string>;

  constructor(
    private readonly file: OriginalConfigFile,
    private record: RecordedOriginal,
    private readonly catalogNames: readonly string[],
    private readonly hasDataDir: boolean,
  ) {
    this.liveMap = new Map(Object.entries(record.liveValues));
  }

  get path(): string {
    return this.file.file;
  }

  /** True from before the first change until the server is on its original again. */
  get changeInProgress(): boolean {
    return this.record.changeInProgress;
  }

  /** Catalog knob -> its original live value: putting one back is never refused. */
  get liveValues(): ReadonlyMap<string, string> {
    return this.liveMap;
  }

  get backup(): ConfigBackup {
    return backupOf(this.record, this.catalogNames, this.hasDataDir);
  }

  /** Called before anything changes on the server; written once per unfinished change. */
  async markChanging(): Promise<void> {
    if (this.record.changeInProgress) return;
    await this.save({ ...this.record, changeInProgress: true, recordedAt: new Date().toISOString() });
  }

  /** The server is on a configuration to keep (restored, or adopted): it is the original from now on. */
  async settle(backup: ConfigBackup, live: ReadonlyMap<string, string>): Promise<void> {
    await this.save(recordOf(this.record.target, backup, live, false));
  }

  private async save(record: RecordedOriginal): Promise<void> {
    await this.file.write(record);
    this.record = record;
    this.liveMap = new Map(Object.entries(record.liveValues));
  }
}
