// Original file: proto/autotune/v1/collector.proto


export interface SnapshotRequest {
}

export interface SnapshotRequest__Output {
}
