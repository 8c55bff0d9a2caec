export interface SeedRow {
  code: string;
  status: number;
  retryable: 'yes' | 'no' | 'conditional';
  endpoint?: string;
}
