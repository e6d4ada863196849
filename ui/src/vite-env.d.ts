// Type references for Svelte components and Vite-specific imports (JSON, assets).
/// <reference types="svelte" />
/// <reference types="vite/client" />
