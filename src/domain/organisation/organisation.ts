export interface Organisation {
  id: string;
  name: string;
  slug: string;
  /** Whether plain employees also need a second factor. */
  mfaForEmployees: boolean;
}
