// The import benchmark's Pyodide run: boots the npm package's Pyodide in Node (the same
// WebAssembly build the browser runs), installs the simulator wheel the site build
// makes, and runs `measure(products, variant=…)` of benchmarks/imports.py in it.
//
//   node benchmarks/imports_pyodide.mjs <dir holding runtime.json and the wheel> <imports.py> <products> [variant]
//
// Prints one JSON line: the figures of `measure` (in Node's processor seconds), plus `peak_mb`, the WebAssembly memory
// at the end (it only grows: its final size is the peak).

import { readFile } from "node:fs/promises";
import { join } from "node:path";

import { loadPyodide } from "pyodide";

const [assetsDir, scriptPath, products, variant = "plain"] = process.argv.slice(2);
if (!assetsDir || !scriptPath || !products) {
  process.stderr.write("usage: node imports_pyodide.mjs <assets dir> <imports.py> <products> [variant]\n");
  process.exit(2);
}
const manifest = JSON.parse(await readFile(join(assetsDir, "runtime.json"), "utf8"));
const wheel = await readFile(join(assetsDir, manifest.simulator.wheel));
const script = await readFile(scriptPath, "utf8");

const pyodide = await loadPyodide({
  stdout: (line) => process.stderr.write(`[python] ${line}\n`),
  stderr: (line) => process.stderr.write(`[python] ${line}\n`),
});
const sitePackages = pyodide.runPython("import sysconfig; sysconfig.get_path('purelib')");
pyodide.unpackArchive(new Uint8Array(wheel.buffer, wheel.byteOffset, wheel.byteLength), "wheel", {
  extractDir: sitePackages,
});
pyodide.globals.set("benchmark_source", script);
pyodide.globals.set("exports_variant", variant);
// Emscripten's clock() (Python's time.process_time) is the wall clock since start: on a
// shared machine it counts other processes' time. The process's own CPU time does not.
pyodide.globals.set("processor_seconds", () => {
  const used = process.cpuUsage();
  return (used.user + used.system) / 1e6;
});
const figures = pyodide.runPython(`
import json
namespace = {"__name__": "benchmark", "__file__": "/imports.py"}
exec(compile(benchmark_source, "imports.py", "exec"), namespace)
json.dumps(namespace["measure"](${Number(products)}, processor_seconds, exports_variant))
`);
const result = JSON.parse(figures);
// The WebAssembly memory never shrinks: its size now is the most the run used.
result.peak_mb = pyodide._module.HEAPU8.length / (1024 * 1024);
process.stdout.write(`${JSON.stringify(result)}\n`);
