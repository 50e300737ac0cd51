/** The parts of an image config (OCI / Docker) that prodline reads; every field may be missing. */
export interface ImageConfig {
  architecture?: string;
  os?: string;
  config?: {
    User?: string;
    Env?: string[] | null;
    Labels?: Record<string, string> | null;
    Healthcheck?: { Test?: string[] | null } | null;
    Cmd?: string[] | null;
    Entrypoint?: string[] | null;
  } | null;
  history?: { created_by?: string; empty_layer?: boolean; comment?: string }[] | null;
  rootfs?: { type?: string; diff_ids?: string[] | null } | null;
}
