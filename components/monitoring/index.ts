export { CertificateAlerts, RULE_NAME, DASHBOARD_KEY } from "./certificate-alerts";
export { validateCertificateAlertsArgs, PROM_DURATION } from "./certificate-alerts-args";
export type {
  CertificateAlertsArgs,
  CertificateAlertsSettingsArgs,
  MonitoredController,
} from "./certificate-alerts-args";
export { CERT_MANAGER_METRICS, CERT_MANAGER_SCRAPE, CONTROLLER_METRICS } from "./metrics";
export type { ControllerMetrics, MonitoredControllerKind } from "./metrics";
export { certificateRules, servedCertificateRules } from "./rules";
export type { AlertRule, Thresholds } from "./rules";
export { certificateDashboard, dashboardExpressions, DASHBOARD_UID } from "./dashboard";
