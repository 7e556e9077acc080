// Original file: proto/autotune/v1/collector.proto


export interface GetServerInfoRequest {
}

export interface GetServerInfoRequest__Output {
}
