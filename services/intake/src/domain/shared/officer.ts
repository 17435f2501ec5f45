/** Who issues a command: the verified identity of an officer (or a system component). */
export interface OfficerRef {
  id: string;
  role: string;
  /** Administrative division code the officer is responsible for. */
  jurisdiction: string;
}
