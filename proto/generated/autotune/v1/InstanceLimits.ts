// Original file: proto/autotune/v1/discovery.proto


export interface InstanceLimits {
  'maxClients'?: (number);
  'maxDurationS'?: (number);
  'maxIterations'?: (number);
  'allowRestart'?: (boolean);
  '_allowRestart'?: "allowRestart";
}

export interface InstanceLimits__Output {
  'maxClients': (number);
  'maxDurationS': (number);
  'maxIterations': (number);
  'allowRestart'?: (boolean);
  '_allowRestart'?: "allowRestart";
}
