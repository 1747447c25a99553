// Headless host entry (placeholder).
export {};
