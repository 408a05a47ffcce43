/**
 * Neural-network building blocks on top of {@code dev.nabla.autodiff}: modules, losses,
 * regularization, optimizers, learning-rate schedules, data loading and safetensors persistence.
 *
 * <pre>{@code
 * var rng = new SplittableRandom(0);
 * var model = new Sequential(new Linear(784, 256, rng), new ReLU(), new Linear(256, 10, rng));
 * var opt = new SGD(model.parameters(), 0.01).momentum(0.9);
 * for (DataLoader.Batch b : new DataLoader(train, 64).shuffle(rng)) {
 *   Variable loss = Losses.crossEntropy(model.forward(b.input()), b.labels())
 *       .add(Regularization.l2(model.parameters()).mul(1e-4));   // ½·Σθ², gradient λθ
 *   opt.zeroGrad(); loss.backward(); opt.step();
 * }
 * model.save(Path.of("mlp.safetensors"));   // PyTorch state_dict names: 0.weight, 0.bias, 2.weight, ...
 * }</pre>
 *
 * <ul>
 *   <li>Modules: {@link dev.nabla.nn.Module}, {@link dev.nabla.nn.Sequential}, {@link dev.nabla.nn.Linear},
 *       activations ({@link dev.nabla.nn.ReLU}, {@link dev.nabla.nn.Tanh}, {@link dev.nabla.nn.Sigmoid},
 *       {@link dev.nabla.nn.GELU}, {@link dev.nabla.nn.Softmax}, {@link dev.nabla.nn.LogSoftmax}),
 *       {@link dev.nabla.nn.Dropout}, {@link dev.nabla.nn.Flatten}; convolution and pooling
 *       ({@link dev.nabla.nn.Conv1d}, {@link dev.nabla.nn.Conv2d}, {@link dev.nabla.nn.MaxPool2d},
 *       {@link dev.nabla.nn.AvgPool2d}, {@link dev.nabla.nn.AdaptiveAvgPool2d}); initialisers in {@link dev.nabla.nn.Init}.
 *   <li>Recurrent layers (batch-first, PyTorch's state_dict names): {@link dev.nabla.nn.LSTM}, {@link dev.nabla.nn.GRU}.
 *   <li>Objectives: {@link dev.nabla.nn.Losses}, {@link dev.nabla.nn.Regularization}.
 *   <li>Training: {@link dev.nabla.nn.SGD}, {@link dev.nabla.nn.Adam}, {@link dev.nabla.nn.AdamW}
 *       (PyTorch's exact update rules, {@link dev.nabla.nn.ParamGroup parameter groups}), schedules
 *       ({@link dev.nabla.nn.StepLR}, {@link dev.nabla.nn.ExponentialLR}, {@link dev.nabla.nn.CosineAnnealingLR},
 *       {@link dev.nabla.nn.LinearLR}, {@link dev.nabla.nn.OneCycleLR}, {@link dev.nabla.nn.ReduceLROnPlateau}),
 *       {@link dev.nabla.nn.GradClip}.
 *   <li>Data: {@link dev.nabla.nn.Dataset}, {@link dev.nabla.nn.DataLoader}, {@link dev.nabla.nn.Standardizer}.
 *   <li>Evaluation: {@link dev.nabla.nn.Module#predict}, {@link dev.nabla.nn.Metrics},
 *       {@link dev.nabla.nn.ConfusionMatrix}.
 *   <li>Persistence: {@link dev.nabla.nn.SafeTensors}, {@link dev.nabla.nn.Module#save} / {@link dev.nabla.nn.Module#load};
 *       optimizers' and schedules' {@code stateDict()} / {@code loadStateDict} for exact resumption;
 *       {@link dev.nabla.nn.Standardizer#save} / {@link dev.nabla.nn.Standardizer#load} for preprocessing.
 * </ul>
 */
package dev.nabla.nn;
