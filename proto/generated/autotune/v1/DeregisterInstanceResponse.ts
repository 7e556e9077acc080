// Original file: proto/autotune/v1/discovery.proto


export interface DeregisterInstanceResponse {
}

export interface DeregisterInstanceResponse__Output {
}
