// Entry forked by the desktop app in an Electron utilityProcess (placeholder).
export {};
