// Original file: proto/autotune/v1/environment.proto

import type { KnobDimension as _autotune_v1_KnobDimension, KnobDimension__Output as _autotune_v1_KnobDimension__Output } from '../../autotune/v1/KnobDimension';
import type { ServerInfo as _autotune_v1_ServerInfo, ServerInfo__Output as _autotune_v1_ServerInfo__Output } from '../../autotune/v1/ServerInfo';

export interface OpenResponse {
  'envId'?: (string);
  'actionSpace'?: (_autotune_v1_KnobDimension)[];
  'stateNames'?: (string)[];
  'server'?: (_autotune_v1_ServerInfo | null);
}

export interface OpenResponse__Output {
  'envId': (string);
  'actionSpace': (_autotune_v1_KnobDimension__Output)[];
  'stateNames': (string)[];
  'server': (_autotune_v1_ServerInfo__Output | null);
}
