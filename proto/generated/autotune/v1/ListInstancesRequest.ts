// Original file: proto/autotune/v1/discovery.proto


export interface ListInstancesRequest {
}

export interface ListInstancesRequest__Output {
}
