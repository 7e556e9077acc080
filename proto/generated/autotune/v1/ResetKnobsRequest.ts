// Original file: proto/autotune/v1/collector.proto


export interface ResetKnobsRequest {
}

export interface ResetKnobsRequest__Output {
}
