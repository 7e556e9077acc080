// Original file: proto/autotune/v1/collector.proto


export interface KeepKnobsRequest {
}

export interface KeepKnobsRequest__Output {
}
