// Vite builds the UI into dist/, served by Django under /static/ui/ (index.html by a view for
// every client route). `npm run dev` serves it at http://localhost:5173/ and forwards the API,
// thumbnails and admin to the Photonix started by `make start` (PHOTONIX_URL to change it).
import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

const backend = process.env.PHOTONIX_URL ?? "http://127.0.0.1:8888";

export default defineConfig(({ command }) => ({
  base: command === "build" ? "/static/ui/" : "/",
  plugins: [react()],
  build: { outDir: "dist", emptyOutDir: true, target: "es2022", chunkSizeWarningLimit: 600 },
  server: {
    proxy: Object.fromEntries(["/api", "/thumbnails", "/admin", "/static/admin"].map((p) => [p, backend])),
  },
  test: { include: ["src/**/*.test.ts"], environment: "node" },
}));
