// make.mjs writes the Keras model files that the modelfile tests load: .keras archives, legacy
// full-model .h5 files and weights-only files, laid out the way Keras 2.3, tf.keras 2.10 and
// Keras 3 write them (superblock 0, symbol-table groups, contiguous float32 datasets, the string
// attribute types each version uses), and files that a loader must refuse.
//
// Run it here with `npm ci && node make.mjs`; it rewrites the fixtures beside it.
//
// Every weight is drawn from a xorshift32 stream seeded with the FNV-1a hash of
// "<file>:<layer>:<index>", as a multiple of 2^-24 in [-0.5, 0.5), so that float32 holds it
// exactly: the Go tests draw the same numbers (fixtureWeights in keras_fixture_test.go) and need
// no HDF5 reader of their own to know what the files hold.

import fs from "node:fs";
import h5wasm from "h5wasm/node";

await h5wasm.ready;

const dir = new URL(".", import.meta.url).pathname;

// ---- weights ----

function fnv1a(s) {
  let h = 0x811c9dc5;
  for (const c of Buffer.from(s, "utf8")) {
    h ^= c;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

function draw(key, n) {
  let x = fnv1a(key) || 1;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = ((x >>> 8) - 0x800000) / 0x1000000;
  }
  return out;
}

const prod = (shape) => shape.reduce((a, b) => a * b, 1);

// ---- Python's json.dumps ----

// Keras writes its configs with Python's json.dumps: ", " and ": " separators, and floats such as
// 0.0 that JavaScript would print as 0.
class PyFloat {
  constructor(v) {
    this.v = v;
  }
}
const F = (v) => new PyFloat(v);

function pyjson(v) {
  if (v === null || v === undefined) return "null";
  if (v instanceof PyFloat) return Number.isInteger(v.v) ? v.v.toFixed(1) : String(v.v);
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "number") return String(v);
  if (typeof v === "string") return JSON.stringify(v);
  if (Array.isArray(v)) return "[" + v.map(pyjson).join(", ") + "]";
  return "{" + Object.entries(v).map(([k, x]) => JSON.stringify(k) + ": " + pyjson(x)).join(", ") + "}";
}

// ---- Keras 3 configs ----

const policy = { module: "keras", class_name: "DTypePolicy", config: { name: "float32" }, registered_name: null };
const init3 = (cls, config = {}) => ({ module: "keras.initializers", class_name: cls, config, registered_name: null });

function k3Input(name, shape) {
  return {
    module: "keras.layers", class_name: "InputLayer",
    config: { batch_shape: [null, ...shape], dtype: "float32", sparse: false, name },
    registered_name: null,
  };
}

function k3RNNConfig(o) {
  return {
    name: o.name, trainable: true, dtype: policy,
    return_sequences: !!o.rs, return_state: false, go_backwards: !!o.back, stateful: !!o.stateful,
    unroll: !!o.unroll, zero_output_for_mask: false,
    units: o.units, activation: o.act ?? "tanh", recurrent_activation: o.ract ?? "sigmoid", use_bias: true,
    kernel_initializer: init3("GlorotUniform", { seed: null }),
    recurrent_initializer: init3("OrthogonalInitializer", { seed: null, gain: F(1) }),
    bias_initializer: init3("Zeros"),
    kernel_regularizer: null, recurrent_regularizer: null, bias_regularizer: null, activity_regularizer: null,
    kernel_constraint: null, recurrent_constraint: null, bias_constraint: null,
    dropout: F(o.dropout ?? 0), recurrent_dropout: F(0),
  };
}

function k3GRU(o, inShape) {
  const config = { ...k3RNNConfig(o), reset_after: o.resetAfter ?? true, seed: null };
  return { module: "keras.layers", class_name: "GRU", config, registered_name: null, build_config: { input_shape: [null, ...inShape] } };
}

function k3LSTM(o, inShape) {
  const config = { ...k3RNNConfig(o), unit_forget_bias: true, seed: null };
  return { module: "keras.layers", class_name: "LSTM", config, registered_name: null, build_config: { input_shape: [null, ...inShape] } };
}

function k3DenseConfig(o) {
  return {
    name: o.name, trainable: true, dtype: policy, units: o.units, activation: o.act ?? "linear", use_bias: true,
    kernel_initializer: init3("GlorotUniform", { seed: null }), bias_initializer: init3("Zeros"),
    kernel_regularizer: null, bias_regularizer: null, kernel_constraint: null, bias_constraint: null,
  };
}

function k3Dense(o, inShape) {
  return { module: "keras.layers", class_name: "Dense", config: k3DenseConfig(o), registered_name: null, build_config: { input_shape: [null, ...inShape] } };
}

function k3TimeDistributed(name, dense, inShape) {
  return {
    module: "keras.layers", class_name: "TimeDistributed",
    config: {
      name, trainable: true, dtype: policy,
      layer: { module: "keras.layers", class_name: "Dense", config: k3DenseConfig(dense), registered_name: null, build_config: { input_shape: [null, inShape[inShape.length - 1]] } },
    },
    registered_name: null, build_config: { input_shape: [null, ...inShape] },
  };
}

function k3Bidirectional(name, gru, inShape) {
  return {
    module: "keras.layers", class_name: "Bidirectional",
    config: { name, trainable: true, dtype: policy, merge_mode: "concat", layer: k3GRU(gru, inShape), backward_layer: k3GRU({ ...gru, name: "backward_" + gru.name, back: true }, inShape) },
    registered_name: null, build_config: { input_shape: [null, ...inShape] },
  };
}

function k3Activation(name, act) {
  return { module: "keras.layers", class_name: "Activation", config: { name, trainable: true, dtype: policy, activation: act }, registered_name: null };
}

function k3Dropout(name, rate) {
  return { module: "keras.layers", class_name: "Dropout", config: { name, trainable: true, dtype: policy, rate: F(rate), seed: null, noise_shape: null }, registered_name: null };
}

function k3Sequential(name, input, layers) {
  return {
    module: "keras", class_name: "Sequential",
    config: { name, trainable: true, dtype: policy, layers: [k3Input("input_layer", input), ...layers], build_input_shape: [null, ...input] },
    registered_name: null, build_config: { input_shape: [null, ...input] },
    compile_config: {
      optimizer: {
        module: "keras.optimizers", class_name: "Adam",
        config: { name: "adam", learning_rate: 0.0010000000474974513, weight_decay: null, clipnorm: null, global_clipnorm: null, clipvalue: null, use_ema: false, ema_momentum: 0.99, ema_overwrite_frequency: null, loss_scale_factor: null, gradient_accumulation_steps: null, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7, amsgrad: false },
        registered_name: null,
      },
      loss: "categorical_crossentropy", loss_weights: null, metrics: null, weighted_metrics: null, run_eagerly: false, steps_per_execution: 1, jit_compile: false,
    },
  };
}

// kerasTensor is how Keras 3 records, in a Functional config, the tensor a layer was called on.
function kerasTensor(shape, from) {
  return { class_name: "__keras_tensor__", config: { shape: [null, ...shape], dtype: "float32", keras_history: [from, 0, 0] } };
}

// node places layer in a Functional config, called on the outputs of the layers named in from.
function node(layer, from) {
  const args = from.map(([name, shape]) => kerasTensor(shape, name));
  return { ...layer, name: layer.config.name, inbound_nodes: [{ args: args.length === 1 ? args : [args], kwargs: {} }] };
}

function k3Functional(name, input, nodes, outputs) {
  const inputLayer = { ...k3Input("input_layer", input), name: "input_layer", inbound_nodes: [] };
  return {
    module: "keras.src.models.functional", class_name: "Functional",
    config: { name, trainable: true, layers: [inputLayer, ...nodes], input_layers: [["input_layer", 0, 0]], output_layers: outputs.map((o) => [o, 0, 0]) },
    registered_name: "Functional", build_config: { input_shape: null },
  };
}

// ---- Keras 2 configs ----

function k2GRU(o, batchInputShape, flavor) {
  const init = (cls, config = {}) => ({ class_name: cls, config });
  const config = { name: o.name, trainable: true };
  if (batchInputShape) config.batch_input_shape = batchInputShape;
  Object.assign(config, {
    dtype: "float32", return_sequences: !!o.rs, return_state: false, go_backwards: !!o.back, stateful: !!o.stateful, unroll: !!o.unroll,
  });
  if (flavor === "tf") config.time_major = false;
  Object.assign(config, {
    units: o.units, activation: o.act ?? "tanh", recurrent_activation: o.ract ?? (flavor === "tf" ? "sigmoid" : "hard_sigmoid"), use_bias: true,
    kernel_initializer: init("GlorotUniform", { seed: null }), recurrent_initializer: init("Orthogonal", { gain: F(1), seed: null }), bias_initializer: init("Zeros"),
    kernel_regularizer: null, recurrent_regularizer: null, bias_regularizer: null, activity_regularizer: null,
    kernel_constraint: null, recurrent_constraint: null, bias_constraint: null,
    dropout: F(0), recurrent_dropout: F(0), implementation: 2, reset_after: o.resetAfter ?? (flavor === "tf"),
  });
  return { class_name: "GRU", config };
}

function k2DenseConfig(o, batchInputShape) {
  const config = { name: o.name, trainable: true };
  if (batchInputShape) config.batch_input_shape = batchInputShape;
  Object.assign(config, {
    dtype: "float32", units: o.units, activation: o.act ?? "linear", use_bias: true,
    kernel_initializer: { class_name: "GlorotUniform", config: { seed: null } }, bias_initializer: { class_name: "Zeros", config: {} },
    kernel_regularizer: null, bias_regularizer: null, activity_regularizer: null, kernel_constraint: null, bias_constraint: null,
  });
  return config;
}

const k2Dense = (o) => ({ class_name: "Dense", config: k2DenseConfig(o) });
const k2Dropout = (name, rate) => ({ class_name: "Dropout", config: { name, trainable: true, dtype: "float32", rate: F(rate), noise_shape: null, seed: null } });
const k2Activation = (name, act) => ({ class_name: "Activation", config: { name, trainable: true, dtype: "float32", activation: act } });
const k2TimeDistributed = (name, dense) => ({ class_name: "TimeDistributed", config: { name, trainable: true, dtype: "float32", layer: { class_name: "Dense", config: k2DenseConfig(dense) } } });
const k2Input = (name, batchInputShape) => ({ class_name: "InputLayer", config: { batch_input_shape: batchInputShape, dtype: "float32", sparse: false, ragged: false, name } });

function k2Embedding(name, batchInputShape, dim) {
  return {
    class_name: "Embedding",
    config: { name, trainable: true, batch_input_shape: batchInputShape, dtype: "float32", input_dim: 50, output_dim: dim, embeddings_initializer: { class_name: "RandomUniform", config: { minval: -0.05, maxval: 0.05, seed: null } }, embeddings_regularizer: null, activity_regularizer: null, embeddings_constraint: null, mask_zero: false, input_length: null },
  };
}

const k2Sequential = (name, layers) => ({ class_name: "Sequential", config: { name, layers } });

const trainingConfig2 = {
  optimizer_config: { class_name: "Adam", config: { learning_rate: 0.0010000000474974513, beta_1: 0.8999999761581421, beta_2: 0.9990000128746033, decay: F(0), epsilon: 1e-7, amsgrad: false } },
  loss: "categorical_crossentropy", metrics: [], weighted_metrics: null, sample_weight_mode: null, loss_weights: null,
};

// ---- HDF5 ----

function openH5(path) {
  return new h5wasm.File(path, "w", { libver: ["earliest", "latest"] });
}

// group returns the group at path under g, creating what is missing, as h5py does.
function group(g, path) {
  for (const part of path.split("/").filter(Boolean)) {
    g = g.keys().includes(part) ? g.get(part) : g.create_group(part);
  }
  return g;
}

function dataset(g, path, data, shape) {
  const i = path.lastIndexOf("/");
  const parent = i < 0 ? g : group(g, path.slice(0, i));
  parent.create_dataset({ name: path.slice(i + 1), data, shape, dtype: "<f" });
}

// Attribute string types. h5wasm writes variable-length UTF-8 strings space-padded and
// fixed-length ones null-terminated; h5py writes the former null-terminated and numpy's bytes
// arrays (Keras 2's layer_names and weight_names) null-padded, so the bytes are patched after.
const VLEN_ASCII = "A", VLEN_UTF8 = "S";
const PAD_NULLTERM = 0, PAD_NULLPAD = 1;

function vlenAttr(obj, name, value, dtype = VLEN_ASCII) {
  obj.create_attribute(name, value, null, dtype);
}

function fixedNames(obj, name, names) {
  if (names.length === 0) {
    obj.create_attribute(name, new Float64Array(0), [0], "<d");
    return;
  }
  const size = Math.max(...names.map((s) => Buffer.byteLength(s)));
  obj.create_attribute(name, names, [names.length], "A" + size);
}

function vlenNames(obj, name, names) {
  if (names.length === 0) {
    obj.create_attribute(name, new Float64Array(0), [0], "<d");
    return;
  }
  obj.create_attribute(name, names, [names.length], VLEN_ASCII);
}

// patchStringPad sets the padding of every string attribute called name: the attribute messages
// are version 1 (name, datatype and dataspace each padded to 8 bytes) in a file of superblock 0.
function patchStringPad(buf, name, pad) {
  const key = Buffer.from(name + "\0");
  let n = 0;
  for (let i = buf.indexOf(key, 8); i >= 0; i = buf.indexOf(key, i + 1)) {
    const h = i - 8;
    if (buf[h] !== 1 || buf[h + 1] !== 0 || buf.readUInt16LE(h + 2) !== key.length) continue;
    const dt = i + Math.ceil(key.length / 8) * 8;
    const cls = buf[dt] & 0x0f;
    if (cls === 3) {
      buf[dt + 1] = (buf[dt + 1] & 0xf0) | pad; // fixed-length: padding in bits 0-3
      n++;
    } else if (cls === 9 && (buf[dt + 1] & 0x0f) === 1) {
      buf[dt + 1] = (buf[dt + 1] & 0x0f) | (pad << 4); // variable-length string: padding in bits 4-7
      n++;
    }
  }
  if (n === 0) throw new Error(`no string attribute ${name} to patch`);
}

// fixTimes makes the files reproducible: the HDF5 library stamps each dataset with the time it
// was made (an object modification time message, type 0x12, version 1). h5py 2 did the same, so
// Keras 2 files keep the message, with a fixed time; h5py 3 does not, so Keras 3 files get a null
// message (type 0) in its place.
function fixTimes(buf, keep) {
  const head = Buffer.from([0x12, 0, 8, 0, 0, 0, 0, 0, 1, 0, 0, 0]);
  let n = 0;
  for (let i = buf.indexOf(head); i >= 0; i = buf.indexOf(head, i + 1)) {
    if (keep) {
      buf.writeUInt32LE(1577836800, i + 12); // 2020-01-01
    } else {
      buf.fill(0, i, i + 2);
      buf.fill(0, i + 8, i + 16);
    }
    n++;
  }
  if (n === 0) throw new Error("no modification times to fix");
}

// ---- Keras 3 weights (.keras and .weights.h5) ----

// k3Store writes Keras 3's H5IOStore layout: vars/ of the model, then per layer, named by its
// class in snake_case with _1, _2… for repeats, layers/<name>/vars/0…n, with a GRU's weights in
// its cell and a TimeDistributed's in its layer.
function k3Store(path, modelName, layers, extra) {
  const f = openH5(path);
  vlenAttr(group(f, "vars"), "name", modelName, VLEN_UTF8);
  group(f, "layers");
  const used = {};
  for (const l of layers) {
    let key = l.cls.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
    if (key in used) key = `${key}_${++used[key]}`;
    else used[key] = 0;
    let g = group(f, `layers/${key}/vars`);
    vlenAttr(g, "name", l.name, VLEN_UTF8);
    if (l.inner) {
      g = group(f, `layers/${key}/${l.inner}/vars`);
      vlenAttr(g, "name", l.innerName, VLEN_UTF8);
    }
    (l.weights ?? []).forEach((w, i) => dataset(g, String(i), w.data, w.shape));
  }
  if (extra) extra(f);
  f.close();
  const buf = fs.readFileSync(path);
  patchStringPad(buf, "name", PAD_NULLTERM);
  fixTimes(buf, false);
  fs.writeFileSync(path, buf);
}

// ---- legacy .h5 ----

// legacyWeights writes Keras' save_weights_to_hdf5_group into g: layer_names, backend,
// keras_version, then a group per layer, in name order, with weight_names and the datasets at
// those names.
function legacyWeights(g, layers, version, fixed) {
  const names = layers.map((l) => l.name);
  if (fixed) fixedNames(g, "layer_names", names);
  else vlenNames(g, "layer_names", names);
  vlenAttr(g, "backend", "tensorflow");
  vlenAttr(g, "keras_version", version);
  for (const l of [...layers].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const lg = group(g, l.name);
    const wn = l.weights.map((w) => w.name);
    if (fixed) fixedNames(lg, "weight_names", wn);
    else vlenNames(lg, "weight_names", wn);
    for (const w of l.weights) dataset(lg, w.name, w.data, w.shape);
  }
}

// legacyModel writes model.save("x.h5"): the config and versions on the root, the weights in
// model_weights. Keras 2.3 writes every root string in ASCII; tf.keras 2 and Keras 3 write
// backend and keras_version in UTF-8; Keras 2 writes the name lists as fixed-length strings.
function legacyModel(path, o) {
  const f = openH5(path);
  const utf8 = o.flavor !== "k2" ? VLEN_UTF8 : VLEN_ASCII;
  vlenAttr(f, "keras_version", o.version, utf8);
  vlenAttr(f, "backend", "tensorflow", utf8);
  vlenAttr(f, "model_config", pyjson(o.config));
  vlenAttr(f, "training_config", pyjson(trainingConfig2));
  const g = group(f, "model_weights");
  legacyWeights(g, o.layers, o.version, o.flavor !== "k3");
  if (o.flavor !== "k2") {
    vlenNames(group(g, "top_level_model_weights"), "weight_names", []);
  }
  if (o.extra) o.extra(f);
  f.close();
  const buf = fs.readFileSync(path);
  if (o.flavor !== "k2") patchStringPad(buf, "backend", PAD_NULLTERM), patchStringPad(buf, "keras_version", PAD_NULLTERM);
  if (o.flavor !== "k3") {
    patchStringPad(buf, "layer_names", PAD_NULLPAD);
    patchStringPad(buf, "weight_names", PAD_NULLPAD);
  }
  fixTimes(buf, o.flavor !== "k3");
  if (o.patch) o.patch(buf);
  fs.writeFileSync(path, buf);
}

// legacyWeightsOnly writes Keras 2's save_weights("x.h5"): the weights group is the root.
function legacyWeightsOnly(path, version, layers) {
  const f = openH5(path);
  legacyWeights(f, layers, version, true);
  f.close();
  const buf = fs.readFileSync(path);
  patchStringPad(buf, "layer_names", PAD_NULLPAD);
  patchStringPad(buf, "weight_names", PAD_NULLPAD);
  fixTimes(buf, true);
  fs.writeFileSync(path, buf);
}

// ---- zip ----

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(b) {
  let c = 0xffffffff;
  for (const x of b) c = crcTable[(c ^ x) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

// zip stores the entries uncompressed, as Keras' zipfile.ZipFile does, dated as Python dates
// entries written from memory (1980-01-01) or, for the weights, a fixed day.
function zip(entries) {
  const parts = [], central = [];
  let off = 0;
  for (const [name, data, dated] of entries) {
    const nb = Buffer.from(name), crc = crc32(data);
    const time = 0, date = dated ? ((2025 - 1980) << 9) | (1 << 5) | 1 : (1 << 5) | 1;
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0); lh.writeUInt16LE(20, 4); lh.writeUInt16LE(0, 6); lh.writeUInt16LE(0, 8);
    lh.writeUInt16LE(time, 10); lh.writeUInt16LE(date, 12); lh.writeUInt32LE(crc, 14);
    lh.writeUInt32LE(data.length, 18); lh.writeUInt32LE(data.length, 22); lh.writeUInt16LE(nb.length, 26); lh.writeUInt16LE(0, 28);
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0); ch.writeUInt16LE(20, 4); ch.writeUInt16LE(20, 6); ch.writeUInt16LE(0, 8); ch.writeUInt16LE(0, 10);
    ch.writeUInt16LE(time, 12); ch.writeUInt16LE(date, 14); ch.writeUInt32LE(crc, 16);
    ch.writeUInt32LE(data.length, 20); ch.writeUInt32LE(data.length, 24); ch.writeUInt16LE(nb.length, 28);
    ch.writeUInt32LE(0x01800000, 38); ch.writeUInt32LE(off, 42);
    parts.push(lh, nb, data);
    central.push(ch, nb);
    off += lh.length + nb.length + data.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(entries.length, 8); end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12); end.writeUInt32LE(off, 16);
  return Buffer.concat([...parts, cd, end]);
}

// kerasArchive writes a .keras file: metadata.json, config.json, model.weights.h5.
function kerasArchive(file, version, config, modelName, layers, o = {}) {
  const tmp = `${dir}.${file}.weights.h5`;
  k3Store(tmp, modelName, layers, o.extra);
  let weights = fs.readFileSync(tmp);
  fs.unlinkSync(tmp);
  if (o.patchWeights) weights = o.patchWeights(weights);
  const metadata = pyjson({ keras_version: version, date_saved: "2025-01-01@00:00:00" });
  fs.writeFileSync(dir + file, zip([["metadata.json", Buffer.from(metadata)], ["config.json", Buffer.from(pyjson(config))], ["model.weights.h5", weights, true]]));
}

// ---- layer weights ----

// gruW and denseW draw a layer's weights in Keras' shapes.
function gruW(file, name, input, units, resetAfter) {
  const shapes = [[input, 3 * units], [units, 3 * units], resetAfter ? [2, 3 * units] : [3 * units]];
  return shapes.map((shape, i) => ({ shape, data: draw(`${file}:${name}:${i}`, prod(shape)) }));
}

function denseW(file, name, input, units) {
  return [[input, units], [units]].map((shape, i) => ({ shape, data: draw(`${file}:${name}:${i}`, prod(shape)) }));
}

// named gives weights the names a Keras version stores them under.
function named(ws, names) {
  return ws.map((w, i) => ({ ...w, name: names[i] }));
}
const gruNames2 = (l) => [`${l}/kernel:0`, `${l}/recurrent_kernel:0`, `${l}/bias:0`];
const gruNamesTF = (l, cell) => [`${l}/${cell}/kernel:0`, `${l}/${cell}/recurrent_kernel:0`, `${l}/${cell}/bias:0`];
const gruNames3 = (m, l) => [`${m}/${l}/gru_cell/kernel`, `${m}/${l}/gru_cell/recurrent_kernel`, `${m}/${l}/gru_cell/bias`];
const denseNames2 = (l) => [`${l}/kernel:0`, `${l}/bias:0`];
const denseNames3 = (m, l) => [`${m}/${l}/kernel`, `${m}/${l}/bias`];

const written = [];
function done(file) {
  written.push(`${file} ${fs.statSync(dir + file).size}`);
}

// ---- good files ----

// The tagger, a softmax over 15 classes per time step, in Keras 3: Input(None, 15) →
// GRU(16, return_sequences) → TimeDistributed(Dense(15)) → Activation(softmax), with an
// optimizer state beside the weights.
{
  const file = "k3_seq_softmax.keras";
  const config = k3Sequential("sequential", [null, 15], [
    k3GRU({ name: "gru", units: 16, rs: true }, [null, 15]),
    k3TimeDistributed("time_distributed", { name: "dense", units: 15 }, [null, 16]),
    k3Activation("activation", "softmax"),
  ]);
  kerasArchive(file, "3.6.0", config, "sequential", [
    { cls: "GRU", name: "gru", inner: "cell", innerName: "gru_cell", weights: gruW(file, "gru", 15, 16, true) },
    { cls: "TimeDistributed", name: "time_distributed", inner: "layer", innerName: "dense", weights: denseW(file, "time_distributed", 16, 15) },
    { cls: "Activation", name: "activation" },
  ], {
    extra(f) {
      const g = group(f, "optimizer");
      vlenAttr(g, "name", "adam", VLEN_UTF8);
      group(g, "vars").create_dataset({ name: "0", data: new BigInt64Array([7n]), shape: [], dtype: "<q" });
      group(g, "vars").create_dataset({ name: "1", data: new Float32Array([0.001]), shape: [], dtype: "<f" });
    },
  });
  done(file);
}

// The same as a fixed-length (64, 15) input with Dense(15, softmax) on the 3-D GRU output, its
// layers named gru_7 and dense_3 in the config but gru and dense in the weights, as Keras 3
// names weight groups by class.
{
  const file = "k3_seq_dense_t64.keras";
  const config = k3Sequential("sequential_3", [64, 15], [
    k3GRU({ name: "gru_7", units: 16, rs: true }, [64, 15]),
    k3Dense({ name: "dense_3", units: 15, act: "softmax" }, [64, 16]),
  ]);
  kerasArchive(file, "3.15.0", config, "sequential_3", [
    { cls: "GRU", name: "gru_7", inner: "cell", innerName: "gru_cell", weights: gruW(file, "gru_7", 15, 16, true) },
    { cls: "Dense", name: "dense_3", weights: denseW(file, "dense_3", 16, 15) },
  ]);
  done(file);
}

// A Functional chain: input_layer → GRU "encoder" (last step) → Dense "head" (tanh).
{
  const file = "k3_functional.keras";
  const config = k3Functional("functional", [null, 15], [
    node(k3GRU({ name: "encoder", units: 16 }, [null, 15]), [["input_layer", [null, 15]]]),
    node(k3Dense({ name: "head", units: 15, act: "tanh" }, [16]), [["encoder", [16]]]),
  ], ["head"]);
  kerasArchive(file, "3.10.0", config, "functional", [
    { cls: "InputLayer", name: "input_layer" },
    { cls: "GRU", name: "encoder", inner: "cell", innerName: "gru_cell", weights: gruW(file, "encoder", 15, 16, true) },
    { cls: "Dense", name: "head", weights: denseW(file, "head", 16, 15) },
  ]);
  done(file);
}

// Stacked GRUs with Dropout in Keras 3: reset_after=False with Keras 3's hard_sigmoid
// (x/6 + 1/2), then a GRU reading time backwards, then TimeDistributed(Dense(15, relu)).
{
  const file = "k3_stacked.keras";
  const config = k3Sequential("sequential", [null, 15], [
    k3GRU({ name: "gru", units: 16, rs: true, resetAfter: false, ract: "hard_sigmoid", dropout: 0.1 }, [null, 15]),
    k3Dropout("dropout", 0.2),
    k3GRU({ name: "gru_1", units: 12, rs: true, back: true }, [null, 16]),
    k3Dropout("dropout_1", 0.3),
    k3TimeDistributed("time_distributed", { name: "dense", units: 15, act: "relu" }, [null, 12]),
  ]);
  kerasArchive(file, "3.6.0", config, "sequential", [
    { cls: "GRU", name: "gru", inner: "cell", innerName: "gru_cell", weights: gruW(file, "gru", 15, 16, false) },
    { cls: "Dropout", name: "dropout" },
    { cls: "GRU", name: "gru_1", inner: "cell", innerName: "gru_cell", weights: gruW(file, "gru_1", 16, 12, true) },
    { cls: "Dropout", name: "dropout_1" },
    { cls: "TimeDistributed", name: "time_distributed", inner: "layer", innerName: "dense", weights: denseW(file, "time_distributed", 12, 15) },
  ]);
  done(file);
}

// The tagger as standalone Keras 2.3.1 saves it: reset_after=False, Keras 2's
// hard_sigmoid (0.2x + 1/2), weights at model_weights/gru_1/gru_1/kernel:0.
{
  const file = "k2_legacy.h5";
  const config = k2Sequential("sequential_1", [
    k2GRU({ name: "gru_1", units: 16, rs: true }, [null, null, 15], "k2"),
    k2TimeDistributed("time_distributed_1", { name: "dense_1", units: 15 }),
    k2Activation("activation_1", "softmax"),
  ]);
  legacyModel(dir + file, {
    flavor: "k2", version: "2.3.1", config,
    layers: [
      { name: "gru_1", weights: named(gruW(file, "gru_1", 15, 16, false), gruNames2("gru_1")) },
      { name: "time_distributed_1", weights: named(denseW(file, "time_distributed_1", 16, 15), denseNames2("time_distributed_1")) },
      { name: "activation_1", weights: [] },
    ],
  });
  done(file);
}

// tf.keras 2.10: InputLayer (64, 15) → GRU(16, return_sequences, go_backwards) → Dropout →
// GRU(8) → Dense(15, softmax); cells named gru_cell and gru_cell_1.
{
  const file = "k2_tfkeras.h5";
  const config = k2Sequential("sequential", [
    k2Input("gru_input", [null, 64, 15]),
    k2GRU({ name: "gru", units: 16, rs: true, back: true }, [null, 64, 15], "tf"),
    k2Dropout("dropout", 0.5),
    k2GRU({ name: "gru_1", units: 8 }, null, "tf"),
    k2Dense({ name: "dense", units: 15, act: "softmax" }),
  ]);
  legacyModel(dir + file, {
    flavor: "tf", version: "2.10.0", config,
    layers: [
      { name: "gru", weights: named(gruW(file, "gru", 15, 16, true), gruNamesTF("gru", "gru_cell")) },
      { name: "dropout", weights: [] },
      { name: "gru_1", weights: named(gruW(file, "gru_1", 16, 8, true), gruNamesTF("gru_1", "gru_cell_1")) },
      { name: "dense", weights: named(denseW(file, "dense", 8, 15), denseNames2("dense")) },
    ],
  });
  done(file);
}

// Keras 3.10 saving the legacy format: Input(None, 15) → GRU(16, return_sequences, Keras 3's
// hard_sigmoid) → Dense(15, softmax), names as variable-length strings, weights at
// model_weights/gru/sequential/gru/gru_cell/kernel.
{
  const file = "k3_legacy.h5";
  const config = {
    class_name: "Sequential",
    config: { name: "sequential", trainable: true, dtype: policy, layers: [k3Input("input_layer", [null, 15]), k3GRU({ name: "gru", units: 16, rs: true, ract: "hard_sigmoid" }, [null, 15]), k3Dense({ name: "dense", units: 15, act: "softmax" }, [null, 16])], build_input_shape: [null, null, 15] },
    build_config: { input_shape: [null, null, 15] },
  };
  legacyModel(dir + file, {
    flavor: "k3", version: "3.10.0", config,
    layers: [
      { name: "gru", weights: named(gruW(file, "gru", 15, 16, true), gruNames3("sequential", "gru")) },
      { name: "dense", weights: named(denseW(file, "dense", 16, 15), denseNames3("sequential", "dense")) },
    ],
  });
  done(file);
}

// Keras 3's save_weights of the tagger (reset_after=True), for a model built in Go.
{
  const file = "k3_weights.weights.h5";
  k3Store(dir + file, "sequential", [
    { cls: "GRU", name: "gru", inner: "cell", innerName: "gru_cell", weights: gruW(file, "gru", 15, 16, true) },
    { cls: "TimeDistributed", name: "time_distributed", inner: "layer", innerName: "dense", weights: denseW(file, "time_distributed", 16, 15) },
    { cls: "Activation", name: "activation" },
  ]);
  done(file);
}

// tf.keras 2's save_weights of the same model (reset_after=True, its default).
{
  const file = "k2_weights.h5";
  legacyWeightsOnly(dir + file, "2.4.0", [
    { name: "gru", weights: named(gruW(file, "gru", 15, 16, true), gruNamesTF("gru", "gru_cell")) },
    { name: "time_distributed", weights: named(denseW(file, "time_distributed", 16, 15), denseNames2("time_distributed")) },
    { name: "activation", weights: [] },
  ]);
  done(file);
}

// Keras 2.3's save_weights of the model with reset_after=False.
{
  const file = "k2_weights_v23.h5";
  legacyWeightsOnly(dir + file, "2.3.1", [
    { name: "gru_1", weights: named(gruW(file, "gru_1", 15, 16, false), gruNames2("gru_1")) },
    { name: "time_distributed_1", weights: named(denseW(file, "time_distributed_1", 16, 15), denseNames2("time_distributed_1")) },
    { name: "activation_1", weights: [] },
  ]);
  done(file);
}

// ---- files a loader must refuse ----

// Their models are small, FEAT features → GRU(UNITS) → OUT outputs: only their faults matter.
const FEAT = 3, UNITS = 4, OUT = 3;

// small3 is the weights of the small model: GRU(UNITS) on FEAT features → TimeDistributed(Dense(OUT)).
const small3 = (file) => [
  { cls: "GRU", name: "gru", inner: "cell", innerName: "gru_cell", weights: gruW(file, "gru", FEAT, UNITS, true) },
  { cls: "TimeDistributed", name: "time_distributed", inner: "layer", innerName: "dense", weights: denseW(file, "time_distributed", UNITS, OUT) },
];

// An LSTM where the GRU should be.
{
  const file = "bad_lstm.keras";
  const config = k3Sequential("sequential", [null, FEAT], [
    k3LSTM({ name: "lstm", units: UNITS, rs: true }, [null, FEAT]),
    k3TimeDistributed("time_distributed", { name: "dense", units: OUT }, [null, UNITS]),
  ]);
  const ws = [[FEAT, 4 * UNITS], [UNITS, 4 * UNITS], [4 * UNITS]].map((shape, i) => ({ shape, data: draw(`${file}:lstm:${i}`, prod(shape)) }));
  kerasArchive(file, "3.6.0", config, "sequential", [
    { cls: "LSTM", name: "lstm", inner: "cell", innerName: "lstm_cell", weights: ws },
    { cls: "TimeDistributed", name: "time_distributed", inner: "layer", innerName: "dense", weights: denseW(file, "time_distributed", UNITS, OUT) },
  ]);
  done(file);
}

// A Bidirectional GRU.
{
  const file = "bad_bidirectional.keras";
  const config = k3Sequential("sequential", [null, FEAT], [
    k3Bidirectional("bidirectional", { name: "gru", units: UNITS / 2, rs: true }, [null, FEAT]),
    k3TimeDistributed("time_distributed", { name: "dense", units: OUT }, [null, UNITS]),
  ]);
  kerasArchive(file, "3.6.0", config, "sequential", [
    { cls: "Bidirectional", name: "bidirectional", inner: "forward_layer/cell", innerName: "gru_cell", weights: gruW(file, "forward", FEAT, UNITS / 2, true) },
    { cls: "TimeDistributed", name: "time_distributed", inner: "layer", innerName: "dense", weights: denseW(file, "time_distributed", UNITS, OUT) },
  ]);
  done(file);
}

// An Embedding before the GRU (Keras 2.3).
{
  const file = "bad_embedding.h5";
  const config = k2Sequential("sequential_1", [
    k2Embedding("embedding_1", [null, null], FEAT),
    k2GRU({ name: "gru_1", units: UNITS, rs: true }, null, "k2"),
    k2TimeDistributed("time_distributed_1", { name: "dense_1", units: OUT }),
  ]);
  legacyModel(dir + file, {
    flavor: "k2", version: "2.3.1", config,
    layers: [
      { name: "embedding_1", weights: [{ name: "embedding_1/embeddings:0", shape: [50, FEAT], data: draw(`${file}:embedding_1:0`, 50 * FEAT) }] },
      { name: "gru_1", weights: named(gruW(file, "gru_1", FEAT, UNITS, false), gruNames2("gru_1")) },
      { name: "time_distributed_1", weights: named(denseW(file, "time_distributed_1", UNITS, OUT), denseNames2("time_distributed_1")) },
    ],
  });
  done(file);
}

// A stateful GRU (which needs a fixed batch).
{
  const file = "bad_stateful.keras";
  const config = k3Sequential("sequential", [10, FEAT], [
    k3GRU({ name: "gru", units: UNITS, rs: true, stateful: true }, [10, FEAT]),
    k3TimeDistributed("time_distributed", { name: "dense", units: OUT }, [10, UNITS]),
  ]);
  config.config.layers[0].config.batch_shape = [4, 10, FEAT];
  kerasArchive(file, "3.6.0", config, "sequential", small3(file));
  done(file);
}

// An unrolled GRU (Keras 2.3).
{
  const file = "bad_unroll.h5";
  const config = k2Sequential("sequential_1", [
    k2GRU({ name: "gru_1", units: UNITS, rs: true, unroll: true }, [null, 10, FEAT], "k2"),
    k2TimeDistributed("time_distributed_1", { name: "dense_1", units: OUT }),
  ]);
  legacyModel(dir + file, {
    flavor: "k2", version: "2.3.1", config,
    layers: [
      { name: "gru_1", weights: named(gruW(file, "gru_1", FEAT, UNITS, false), gruNames2("gru_1")) },
      { name: "time_distributed_1", weights: named(denseW(file, "time_distributed_1", UNITS, OUT), denseNames2("time_distributed_1")) },
    ],
  });
  done(file);
}

// A Functional graph with two outputs: the GRU feeds two Dense heads.
{
  const file = "bad_graph.keras";
  const config = k3Functional("functional", [null, FEAT], [
    node(k3GRU({ name: "gru", units: UNITS, rs: true }, [null, FEAT]), [["input_layer", [null, FEAT]]]),
    node(k3Dense({ name: "dense", units: OUT }, [null, UNITS]), [["gru", [null, UNITS]]]),
    node(k3Dense({ name: "dense_1", units: 2 }, [null, UNITS]), [["gru", [null, UNITS]]]),
  ], ["dense", "dense_1"]);
  kerasArchive(file, "3.6.0", config, "functional", [
    { cls: "InputLayer", name: "input_layer" },
    { cls: "GRU", name: "gru", inner: "cell", innerName: "gru_cell", weights: gruW(file, "gru", FEAT, UNITS, true) },
    { cls: "Dense", name: "dense", weights: denseW(file, "dense", UNITS, OUT) },
    { cls: "Dense", name: "dense_1", weights: denseW(file, "dense_1", UNITS, 2) },
  ]);
  done(file);
}

// A Functional graph with a skip connection: Concatenate of the input and the GRU's output.
{
  const file = "bad_concat.keras";
  const concat = { module: "keras.layers", class_name: "Concatenate", config: { name: "concatenate", trainable: true, dtype: policy, axis: -1 }, registered_name: null, build_config: { input_shape: [[null, null, FEAT], [null, null, UNITS]] } };
  const config = k3Functional("functional", [null, FEAT], [
    node(k3GRU({ name: "gru", units: UNITS, rs: true }, [null, FEAT]), [["input_layer", [null, FEAT]]]),
    node(concat, [["input_layer", [null, FEAT]], ["gru", [null, UNITS]]]),
    node(k3Dense({ name: "dense", units: OUT }, [null, FEAT + UNITS]), [["concatenate", [null, FEAT + UNITS]]]),
  ], ["dense"]);
  kerasArchive(file, "3.6.0", config, "functional", [
    { cls: "InputLayer", name: "input_layer" },
    { cls: "GRU", name: "gru", inner: "cell", innerName: "gru_cell", weights: gruW(file, "gru", FEAT, UNITS, true) },
    { cls: "Concatenate", name: "concatenate" },
    { cls: "Dense", name: "dense", weights: denseW(file, "dense", FEAT + UNITS, OUT) },
  ]);
  done(file);
}

// A Dense "head" whose kernel has OUT - 1 columns where its config says OUT units.
{
  const file = "bad_shape.keras";
  const config = k3Sequential("sequential", [null, FEAT], [
    k3GRU({ name: "gru", units: UNITS, rs: true }, [null, FEAT]),
    k3Dense({ name: "head", units: OUT }, [null, UNITS]),
  ]);
  kerasArchive(file, "3.6.0", config, "sequential", [
    { cls: "GRU", name: "gru", inner: "cell", innerName: "gru_cell", weights: gruW(file, "gru", FEAT, UNITS, true) },
    { cls: "Dense", name: "head", weights: denseW(file, "head", UNITS, OUT - 1) },
  ]);
  done(file);
}

// A GRU "encoder" whose kernel has FEAT - 1 rows where the input has FEAT features (Keras 2.3).
{
  const file = "bad_shape.h5";
  const config = k2Sequential("sequential_1", [
    k2GRU({ name: "encoder", units: UNITS, rs: true }, [null, null, FEAT], "k2"),
    k2TimeDistributed("time_distributed_1", { name: "dense_1", units: OUT }),
  ]);
  legacyModel(dir + file, {
    flavor: "k2", version: "2.3.1", config,
    layers: [
      { name: "encoder", weights: named(gruW(file, "encoder", FEAT - 1, UNITS, false), gruNames2("encoder")) },
      { name: "time_distributed_1", weights: named(denseW(file, "time_distributed_1", UNITS, OUT), denseNames2("time_distributed_1")) },
    ],
  });
  done(file);
}

// A Dense "head" with no bias dataset, though its config has use_bias.
{
  const file = "bad_missing.keras";
  const config = k3Sequential("sequential", [null, FEAT], [
    k3GRU({ name: "gru", units: UNITS, rs: true }, [null, FEAT]),
    k3Dense({ name: "head", units: OUT }, [null, UNITS]),
  ]);
  kerasArchive(file, "3.6.0", config, "sequential", [
    { cls: "GRU", name: "gru", inner: "cell", innerName: "gru_cell", weights: gruW(file, "gru", FEAT, UNITS, true) },
    { cls: "Dense", name: "head", weights: denseW(file, "head", UNITS, OUT).slice(0, 1) },
  ]);
  done(file);
}

// A recurrent kernel whose dataspace says 10^6 × 10^6 float32s (4 TB) over the few bytes that the
// file holds: the dataspace message's sizes are patched after writing (Keras 2.3 layout).
{
  const file = "bad_huge.h5";
  const config = k2Sequential("sequential_1", [
    k2GRU({ name: "gru_1", units: UNITS, rs: true }, [null, null, FEAT], "k2"),
    k2TimeDistributed("time_distributed_1", { name: "dense_1", units: OUT }),
  ]);
  legacyModel(dir + file, {
    flavor: "k2", version: "2.3.1", config,
    layers: [
      { name: "gru_1", weights: named(gruW(file, "gru_1", FEAT, UNITS, false), gruNames2("gru_1")) },
      { name: "time_distributed_1", weights: named(denseW(file, "time_distributed_1", UNITS, OUT), denseNames2("time_distributed_1")) },
    ],
    patch(buf) {
      // Dataspace message, version 1: version, rank, flags, 5 reserved bytes, then the sizes
      // (and, with flag 1, the maximum sizes), 8 bytes each.
      const want = Buffer.alloc(24);
      want.writeUInt8(1, 0); want.writeUInt8(2, 1);
      want.writeBigUInt64LE(BigInt(UNITS), 8); want.writeBigUInt64LE(BigInt(3 * UNITS), 16);
      let n = 0;
      for (let i = 0; i + 24 <= buf.length; i++) {
        if (buf[i] !== 1 || buf[i + 1] !== 2 || buf.compare(want, 8, 24, i + 8, i + 24) !== 0) continue;
        const dims = buf[i + 2] & 1 ? 4 : 2;
        for (let d = 0; d < dims; d++) buf.writeBigUInt64LE(1000000n, i + 8 + 8 * d);
        n++;
      }
      if (n !== 1) throw new Error(`bad_huge.h5: ${n} dataspaces of the recurrent kernel`);
    },
  });
  done(file);
}

// A kernel that is a chunked dataset resized to 10^6 × 10^6 with one chunk written: a valid
// HDF5 file of a few KB whose dataset reads as 4 TB.
{
  const file = "bad_huge_chunked.keras";
  const config = k3Sequential("sequential", [null, FEAT], [
    k3GRU({ name: "gru", units: UNITS, rs: true }, [null, FEAT]),
    k3TimeDistributed("time_distributed", { name: "dense", units: OUT }, [null, UNITS]),
  ]);
  kerasArchive(file, "3.6.0", config, "sequential", [
    { cls: "GRU", name: "gru", inner: "cell", innerName: "gru_cell", weights: [] },
    { cls: "TimeDistributed", name: "time_distributed", inner: "layer", innerName: "dense", weights: denseW(file, "time_distributed", UNITS, OUT) },
  ], {
    extra(f) {
      const g = f.get("layers/gru/cell/vars");
      const ws = gruW(file, "gru", FEAT, UNITS, true);
      const k = g.create_dataset({ name: "0", data: ws[0].data, shape: [FEAT, 3 * UNITS], dtype: "<f", maxshape: [null, null], chunks: [FEAT, 3 * UNITS] });
      k.resize([1000000, 1000000]);
      dataset(g, "1", ws[1].data, ws[1].shape);
      dataset(g, "2", ws[2].data, ws[2].shape);
    },
  });
  done(file);
}

// A Keras 3 legacy file whose first global heap collection, where the variable-length strings
// lie, claims a size of 8 bytes: less than its own 16-byte header.
{
  const file = "bad_gcol.h5";
  const config = {
    class_name: "Sequential",
    config: { name: "sequential", trainable: true, dtype: policy, layers: [k3Input("input_layer", [null, FEAT]), k3GRU({ name: "gru", units: UNITS }, [null, FEAT]), k3Dense({ name: "dense", units: OUT }, [UNITS])], build_input_shape: [null, null, FEAT] },
    build_config: { input_shape: [null, null, FEAT] },
  };
  legacyModel(dir + file, {
    flavor: "k3", version: "3.10.0", config,
    layers: [
      { name: "gru", weights: named(gruW(file, "gru", FEAT, UNITS, true), gruNames3("sequential", "gru")) },
      { name: "dense", weights: named(denseW(file, "dense", UNITS, OUT), denseNames3("sequential", "dense")) },
    ],
    patch(buf) {
      const i = buf.indexOf("GCOL");
      if (i < 0) throw new Error("bad_gcol.h5: no global heap");
      buf.writeBigUInt64LE(8n, i + 8);
    },
  });
  done(file);
}

// Truncated files: a legacy .h5 cut in half, a .keras archive cut short, and a whole archive
// whose model.weights.h5 is cut in half.
{
  const h5 = fs.readFileSync(dir + "k2_legacy.h5");
  fs.writeFileSync(dir + "bad_truncated.h5", h5.subarray(0, h5.length >> 1));
  done("bad_truncated.h5");
  const k = fs.readFileSync(dir + "k3_seq_softmax.keras");
  fs.writeFileSync(dir + "bad_truncated.keras", k.subarray(0, Math.floor(k.length * 0.6)));
  done("bad_truncated.keras");
  const file = "bad_truncated_weights.keras";
  const config = k3Sequential("sequential", [null, FEAT], [
    k3GRU({ name: "gru", units: UNITS, rs: true }, [null, FEAT]),
    k3TimeDistributed("time_distributed", { name: "dense", units: OUT }, [null, UNITS]),
  ]);
  kerasArchive(file, "3.6.0", config, "sequential", small3(file), { patchWeights: (w) => w.subarray(0, w.length >> 1) });
  done(file);
}

console.log(written.join("\n"));
