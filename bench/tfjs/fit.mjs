// Trains one row of the bench's training table in TensorFlow.js' wasm backend on one thread, for
// the table's TF.js column (go run -tags tfjs ./bench). The bench starts it for each row and
// times each command it answers in the same interleaved rounds as fastgru, so the script only
// trains; the timing is the bench's.
//
//	node fit.mjs '{"time": 64, "inputs": 15, "units": 16, "outputs": 8, "head": "time_distributed", "batch": 128, "samples": 1000}'
//
// head is "time_distributed" (GRU returning every step → TimeDistributed(Dense)), "sequence"
// (the same without TimeDistributed: Dense on the sequence) or "last" (GRU returning its last
// step → Dense); softmax after the Dense in every one. It builds Input(time, inputs) → GRU(units,
// tanh, sigmoid gates, reset_after=false) → that head, compiled with categorical cross-entropy and
// RMSprop with Keras' defaults; draws samples inputs uniform in [0, 1) and one-hot targets; and
// trains one epoch and one step to warm up. Then it writes one JSON line saying what runs,
// {version, wasm, backend, simd, threads, params}, and reads commands on stdin, one a line,
// answering each with one JSON line, {loss, seconds, cpu_seconds}: the loss (null where not
// finite), and the command's wall time and process CPU time, all threads included.
//
//	step    one trainOnBatch on the first batch of samples
//	epoch   one fit epoch of all samples in batches of batch, shuffled (fit's default)
//
// It exits at the end of its input, or after answering {error} to a command it cannot run.

// The bench reads stdout: whatever the libraries log goes to stderr. They are imported after this
// line for that.
console.log = console.error;

const fail = (err) => {
  process.stdout.write(JSON.stringify({ error: String(err?.message ?? err) }) + '\n');
  process.exit(1);
};

try {
  const spec = JSON.parse(process.argv[2] ?? '');
  const tf = await import('@tensorflow/tfjs');
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  // Before the backend starts: it sizes XNNPACK's thread pool then. Under node the backend loads
  // its build without threads anyway; getThreadsCount below reports what it got.
  wasm.setThreadsCount(1);
  if (!(await tf.setBackend('wasm'))) {
    throw new Error('the wasm backend did not start');
  }
  await tf.ready();

  const model = build(tf, spec);
  const samples = Math.max(spec.samples ?? 0, spec.batch);
  const x = tf.randomUniform([samples, spec.time, spec.inputs], 0, 1, 'float32', 1);
  const classes = tf.randomUniform(spec.head === 'last' ? [samples] : [samples, spec.time], 0, spec.outputs, 'int32', 2);
  const y = tf.oneHot(classes, spec.outputs).toFloat();
  const xb = x.slice(0, spec.batch);
  const yb = y.slice(0, spec.batch);
  const commands = {
    step: async () => model.trainOnBatch(xb, yb),
    epoch: async () => {
      const h = await model.fit(x, y, { batchSize: spec.batch, epochs: 1, shuffle: true, verbose: 0 });
      return h.history.loss[0];
    },
  };
  // The first calls run slower (compiling, allocating): both commands run once before the bench
  // times any.
  await commands.epoch();
  await commands.step();

  process.stdout.write(JSON.stringify({
    version: tf.version.tfjs,
    wasm: wasm.version_wasm,
    backend: tf.getBackend(),
    simd: await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'),
    threads: wasm.getThreadsCount(),
    params: model.countParams(),
  }) + '\n');

  const readline = await import('node:readline');
  for await (const line of readline.createInterface({ input: process.stdin })) {
    const command = commands[line.trim()];
    if (!command) {
      throw new Error(`unknown command ${JSON.stringify(line)}: step or epoch`);
    }
    const cpu = process.cpuUsage();
    const start = performance.now();
    const loss = await command();
    const seconds = (performance.now() - start) / 1e3;
    const used = process.cpuUsage(cpu);
    process.stdout.write(JSON.stringify({ loss, seconds, cpu_seconds: (used.user + used.system) / 1e6 }) + '\n');
  }
} catch (err) {
  fail(err);
}

// build makes and compiles the spec's model. The gates are sigmoid, as fastgru's GRU has them by
// default (TF.js' own default is hard sigmoid); the initializers are TF.js' defaults, which are
// Keras' and fastgru's InitWeights': Glorot uniform kernels, orthogonal recurrent kernels, zero
// biases.
function build(tf, spec) {
  const heads = ['time_distributed', 'sequence', 'last'];
  if (!heads.includes(spec.head)) {
    throw new Error(`head ${JSON.stringify(spec.head)}: one of ${heads.join(', ')}`);
  }
  const model = tf.sequential();
  model.add(tf.layers.gru({
    units: spec.units, activation: 'tanh', recurrentActivation: 'sigmoid',
    returnSequences: spec.head !== 'last', inputShape: [spec.time, spec.inputs],
  }));
  const dense = tf.layers.dense({ units: spec.outputs });
  model.add(spec.head === 'time_distributed' ? tf.layers.timeDistributed({ layer: dense }) : dense);
  model.add(tf.layers.activation({ activation: 'softmax' }));
  // RMSprop(learning rate, rho, momentum, epsilon): Keras' defaults.
  model.compile({ optimizer: tf.train.rmsprop(0.001, 0.9, 0, 1e-7), loss: 'categoricalCrossentropy' });
  return model;
}
