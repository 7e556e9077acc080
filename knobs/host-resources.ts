/**
 * What the machine running the target server offers. Safe knob ranges scale with it: a
 * shared_buffers that is prudent on 64 GB would swap a 2 GB host.
 */
export interface HostResources {
  /** Physical memory of the host (or the container's limit), in bytes. */
  memoryBytes: number;
  /** CPUs the server may use. */
  cpus: number;
  /** The server's max_connections: each connection may claim work_mem (or more) at once. */
  maxConnections: number;
}
