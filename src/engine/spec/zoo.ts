// Named models: a table rather than a switch, so adding a model is one entry
// and cells can list what exists. The torchvision models follow torchvision
// 0.14's definitions module for module, so they print, count parameters and
// name weights as torchvision does (checked against torch in
// tests/fixtures/zoo-reference.json).

import {
  BasicBlock,
  BasicConv2d,
  Bottleneck,
  CNBlock,
  Conv2dNormActivation,
  Inception,
  InvertedResidual,
  MBConv,
  makeDivisible,
  type MBConvConfig,
} from './blocks';
import {
  F,
  LayerNorm2d,
  Module,
  Sequential,
  nn,
  pipe,
  type CustomModuleSpec,
  type ModuleSpec,
  type SequentialSpec,
} from './layers';

export interface ClassifierOptions {
  /** Default 10 for the small models, 1000 (ImageNet) for torchvision's. */
  numClasses?: number;
}

export interface SimpleCNNOptions extends ClassifierOptions {
  /** 1 for grayscale (MNIST-like), 3 for RGB (CIFAR-like). Default 3. */
  inChannels?: number;
  /** Dropout probability before the classifier. Default 0.3. */
  dropout?: number;
  /** Output channels of the three stages (benchmarks try narrower ones). Default [32, 64, 128]. */
  widths?: readonly number[];
}

/**
 * Three stages of Conv2d(3x3, padding 1) -> BatchNorm2d -> ReLU -> MaxPool2d(2)
 * with 32, 64 and 128 channels, then global average pooling and a linear
 * classifier. 94,986 trainable parameters for RGB input, 94,410 for grayscale
 * (both counted by PyTorch).
 */
export function simpleCNN(opts: SimpleCNNOptions = {}): SequentialSpec {
  const { inChannels = 3, numClasses = 10, dropout = 0.3, widths = [32, 64, 128] } = opts;
  const stages: ModuleSpec[] = [];
  let channels = inChannels;
  for (const width of widths) {
    stages.push(nn.Conv2d(channels, width, 3, { padding: 1 }), nn.BatchNorm2d(width), nn.ReLU(), nn.MaxPool2d(2));
    channels = width;
  }
  return nn.Sequential(...stages, nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Dropout(dropout), nn.Linear(channels, numClasses));
}

/**
 * The textbook CNN for 3x32x32 images: three unpadded 3x3 convs (32, 64, 128
 * channels) with ReLU, max pooling after the first two, pooled to 4x4 and
 * classified by a two-layer MLP. 620,362 parameters.
 */
export function classicCNN({ numClasses = 10 }: ClassifierOptions = {}): SequentialSpec {
  return nn.Sequential(
    nn.Conv2d(3, 32, 3),
    nn.ReLU(),
    nn.MaxPool2d(2),
    nn.Conv2d(32, 64, 3),
    nn.ReLU(),
    nn.MaxPool2d(2),
    nn.Conv2d(64, 128, 3),
    nn.ReLU(),
    nn.AdaptiveAvgPool2d([4, 4]),
    nn.Flatten(),
    nn.Linear(128 * 4 * 4, 256),
    nn.ReLU(),
    nn.Linear(256, numClasses),
  );
}

/**
 * CNN Explainer's TinyVGG for 3x64x64 images: two blocks of
 * conv3x3 -> ReLU -> conv3x3 -> ReLU -> maxpool2 with 10 channels and no
 * padding (64 -> 30 -> 13), then a linear classifier on the 10x13x13 map.
 */
export function tinyVGG({
  numClasses = 10,
  hiddenUnits = 10,
}: ClassifierOptions & { hiddenUnits?: number } = {}): CustomModuleSpec {
  const block = (inChannels: number) =>
    nn.Sequential(
      nn.Conv2d(inChannels, hiddenUnits, 3),
      nn.ReLU(),
      nn.Conv2d(hiddenUnits, hiddenUnits, 3),
      nn.ReLU(),
      nn.MaxPool2d(2),
    );
  return Module(
    'TinyVGG',
    {
      conv_block_1: block(3),
      conv_block_2: block(hiddenUnits),
      classifier: nn.Sequential(nn.Flatten(), nn.Linear(hiddenUnits * 13 * 13, numClasses)),
    },
    (x, m) => pipe(x, m.conv_block_1, m.conv_block_2, m.classifier),
  );
}

/**
 * LeNet-5 (LeCun et al. 1998) on 1x32x32 digits: 5x5 convs with 6 and 16
 * channels, tanh and 2x2 average pooling (the paper's subsampling, without its
 * trainable scale), then 120, 84 and 10 units. 61,706 parameters.
 */
export function lenet5({ numClasses = 10 }: ClassifierOptions = {}): SequentialSpec {
  return nn.Sequential(
    nn.Conv2d(1, 6, 5),
    nn.Tanh(),
    nn.AvgPool2d(2),
    nn.Conv2d(6, 16, 5),
    nn.Tanh(),
    nn.AvgPool2d(2),
    nn.Flatten(),
    nn.Linear(16 * 5 * 5, 120),
    nn.Tanh(),
    nn.Linear(120, 84),
    nn.Tanh(),
    nn.Linear(84, numClasses),
  );
}

const relu = () => nn.ReLU({ inplace: true });

/** torchvision's AlexNet (the one-GPU variant of Krizhevsky et al. 2012, as in "One weird trick"). */
export function alexnet({ numClasses = 1000 }: ClassifierOptions = {}): CustomModuleSpec {
  return Module(
    'AlexNet',
    {
      features: nn.Sequential(
        nn.Conv2d(3, 64, 11, { stride: 4, padding: 2 }),
        relu(),
        nn.MaxPool2d(3, { stride: 2 }),
        nn.Conv2d(64, 192, 5, { padding: 2 }),
        relu(),
        nn.MaxPool2d(3, { stride: 2 }),
        nn.Conv2d(192, 384, 3, { padding: 1 }),
        relu(),
        nn.Conv2d(384, 256, 3, { padding: 1 }),
        relu(),
        nn.Conv2d(256, 256, 3, { padding: 1 }),
        relu(),
        nn.MaxPool2d(3, { stride: 2 }),
      ),
      avgpool: nn.AdaptiveAvgPool2d([6, 6]),
      classifier: nn.Sequential(
        nn.Dropout(0.5),
        nn.Linear(256 * 6 * 6, 4096),
        relu(),
        nn.Dropout(0.5),
        nn.Linear(4096, 4096),
        relu(),
        nn.Linear(4096, numClasses),
      ),
    },
    (x, m) => pipe(x, m.features, m.avgpool, F.flatten, m.classifier),
  );
}

/** torchvision's VGG-16 (configuration D, no BatchNorm): 13 3x3 convs in five stages, three dense layers. */
export function vgg16({ numClasses = 1000 }: ClassifierOptions = {}): CustomModuleSpec {
  const config = [64, 64, 'M', 128, 128, 'M', 256, 256, 256, 'M', 512, 512, 512, 'M', 512, 512, 512, 'M'] as const;
  const features: ModuleSpec[] = [];
  let channels = 3;
  for (const v of config) {
    if (v === 'M') {
      features.push(nn.MaxPool2d(2, { stride: 2 }));
    } else {
      features.push(nn.Conv2d(channels, v, 3, { padding: 1 }), relu());
      channels = v;
    }
  }
  return Module(
    'VGG',
    {
      features: nn.Sequential(...features),
      avgpool: nn.AdaptiveAvgPool2d([7, 7]),
      classifier: nn.Sequential(
        nn.Linear(512 * 7 * 7, 4096),
        relu(),
        nn.Dropout(0.5),
        nn.Linear(4096, 4096),
        relu(),
        nn.Dropout(0.5),
        nn.Linear(4096, numClasses),
      ),
    },
    (x, m) => pipe(x, m.features, m.avgpool, F.flatten, m.classifier),
  );
}

/** torchvision's GoogLeNet (Inception v1) without the auxiliary classifiers (aux_logits=False). */
export function googlenet({ numClasses = 1000 }: ClassifierOptions = {}): CustomModuleSpec {
  const pool = (k: number) => nn.MaxPool2d(k, { stride: 2, ceilMode: true });
  return Module(
    'GoogLeNet',
    {
      conv1: BasicConv2d(3, 64, 7, { stride: 2, padding: 3 }),
      maxpool1: pool(3),
      conv2: BasicConv2d(64, 64, 1),
      conv3: BasicConv2d(64, 192, 3, { padding: 1 }),
      maxpool2: pool(3),
      inception3a: Inception(192, 64, 96, 128, 16, 32, 32),
      inception3b: Inception(256, 128, 128, 192, 32, 96, 64),
      maxpool3: pool(3),
      inception4a: Inception(480, 192, 96, 208, 16, 48, 64),
      inception4b: Inception(512, 160, 112, 224, 24, 64, 64),
      inception4c: Inception(512, 128, 128, 256, 24, 64, 64),
      inception4d: Inception(512, 112, 144, 288, 32, 64, 64),
      inception4e: Inception(528, 256, 160, 320, 32, 128, 128),
      maxpool4: pool(2),
      inception5a: Inception(832, 256, 160, 320, 32, 128, 128),
      inception5b: Inception(832, 384, 192, 384, 48, 128, 128),
      avgpool: nn.AdaptiveAvgPool2d([1, 1]),
      dropout: nn.Dropout(0.2),
      fc: nn.Linear(1024, numClasses),
    },
    (x, m) =>
      pipe(
        x,
        m.conv1,
        m.maxpool1,
        m.conv2,
        m.conv3,
        m.maxpool2,
        m.inception3a,
        m.inception3b,
        m.maxpool3,
        m.inception4a,
        m.inception4b,
        m.inception4c,
        m.inception4d,
        m.inception4e,
        m.maxpool4,
        m.inception5a,
        m.inception5b,
        m.avgpool,
        F.flatten,
        m.dropout,
        m.fc,
      ),
  );
}

type ResidualBlock = typeof BasicBlock | typeof Bottleneck;

/** torchvision's ResNet: a 7x7 stem, four stages of residual blocks (the first of each later stage strides 2), a linear head. */
function resnet(block: ResidualBlock, depths: readonly [number, number, number, number], numClasses: number): CustomModuleSpec {
  let inPlanes = 64;
  const stage = (planes: number, count: number, stride: number) => {
    const layers = Array.from({ length: count }, (_, i) => {
      const b = block(inPlanes, planes, { stride: i === 0 ? stride : 1 });
      inPlanes = planes * block.expansion;
      return b;
    });
    return Sequential(...layers);
  };
  return Module(
    'ResNet',
    {
      conv1: nn.Conv2d(3, 64, 7, { stride: 2, padding: 3, bias: false }),
      bn1: nn.BatchNorm2d(64),
      relu: relu(),
      maxpool: nn.MaxPool2d(3, { stride: 2, padding: 1 }),
      layer1: stage(64, depths[0], 1),
      layer2: stage(128, depths[1], 2),
      layer3: stage(256, depths[2], 2),
      layer4: stage(512, depths[3], 2),
      avgpool: nn.AdaptiveAvgPool2d([1, 1]),
      fc: nn.Linear(512 * block.expansion, numClasses),
    },
    (x, m) => pipe(x, m.conv1, m.bn1, m.relu, m.maxpool, m.layer1, m.layer2, m.layer3, m.layer4, m.avgpool, F.flatten, m.fc),
  );
}

export const resnet18 = ({ numClasses = 1000 }: ClassifierOptions = {}) => resnet(BasicBlock, [2, 2, 2, 2], numClasses);
export const resnet50 = ({ numClasses = 1000 }: ClassifierOptions = {}) => resnet(Bottleneck, [3, 4, 6, 3], numClasses);

/** torchvision's MobileNetV2 at width 1.0: inverted residuals with linear bottlenecks and ReLU6. */
export function mobilenetV2({ numClasses = 1000 }: ClassifierOptions = {}): CustomModuleSpec {
  // t (expansion), c (channels), n (repeats), s (stride of the first)
  const settings = [
    [1, 16, 1, 1],
    [6, 24, 2, 2],
    [6, 32, 3, 2],
    [6, 64, 4, 2],
    [6, 96, 3, 1],
    [6, 160, 3, 2],
    [6, 320, 1, 1],
  ] as const;
  const features: ModuleSpec[] = [Conv2dNormActivation(3, 32, { stride: 2, activation: nn.ReLU6 })];
  let channels = 32;
  for (const [t, c, n, s] of settings) {
    const out = makeDivisible(c);
    for (let i = 0; i < n; i++) {
      features.push(InvertedResidual(channels, out, i === 0 ? s : 1, t));
      channels = out;
    }
  }
  features.push(Conv2dNormActivation(channels, 1280, { kernelSize: 1, activation: nn.ReLU6 }));
  return Module(
    'MobileNetV2',
    {
      features: Sequential(...features),
      classifier: Sequential(nn.Dropout(0.2), nn.Linear(1280, numClasses)),
    },
    // torchvision pools with the function, not a module, so there is no avgpool child.
    (x, m) => pipe(x, m.features, (v) => F.adaptiveAvgPool2d(v, [1, 1]), F.flatten, m.classifier),
  );
}

/** torchvision's EfficientNet-B0: MBConv blocks with squeeze-and-excitation, SiLU and stochastic depth 0.2. */
export function efficientnetB0({ numClasses = 1000 }: ClassifierOptions = {}): CustomModuleSpec {
  // expand ratio, kernel, stride, input channels, output channels, layers
  const stages = [
    [1, 3, 1, 32, 16, 1],
    [6, 3, 2, 16, 24, 2],
    [6, 5, 2, 24, 40, 2],
    [6, 3, 2, 40, 80, 3],
    [6, 5, 1, 80, 112, 3],
    [6, 5, 2, 112, 192, 4],
    [6, 3, 1, 192, 320, 1],
  ] as const;
  const stochasticDepthProb = 0.2;
  const totalBlocks = stages.reduce((sum, s) => sum + s[5], 0);
  const features: ModuleSpec[] = [Conv2dNormActivation(3, 32, { stride: 2, activation: nn.SiLU })];
  let blockId = 0;
  for (const [expandRatio, kernel, stride, inputChannels, outChannels, count] of stages) {
    const stage: ModuleSpec[] = [];
    for (let i = 0; i < count; i++) {
      const cnf: MBConvConfig =
        i === 0
          ? { expandRatio, kernel, stride, inputChannels, outChannels }
          : { expandRatio, kernel, stride: 1, inputChannels: outChannels, outChannels };
      // Same arithmetic, in the same order, as torchvision, so the printed p matches to the last digit.
      stage.push(MBConv(cnf, (stochasticDepthProb * blockId) / totalBlocks));
      blockId++;
    }
    features.push(Sequential(...stage));
  }
  features.push(Conv2dNormActivation(320, 4 * 320, { kernelSize: 1, activation: nn.SiLU }));
  return Module(
    'EfficientNet',
    {
      features: Sequential(...features),
      avgpool: nn.AdaptiveAvgPool2d(1),
      classifier: Sequential(nn.Dropout(0.2, { inplace: true }), nn.Linear(1280, numClasses)),
    },
    (x, m) => pipe(x, m.features, m.avgpool, F.flatten, m.classifier),
  );
}

/**
 * torchvision's ConvNeXt-T (Liu et al. 2022): a 4x4 stride-4 "patchify" stem,
 * four stages of CNBlocks (3, 3, 9, 3 blocks at 96, 192, 384, 768 channels)
 * with LayerNorm2d and a 2x2 stride-2 conv between them, stochastic depth
 * rising to 0.1, and a LayerNorm2d-Flatten-Linear head.
 */
export function convnextTiny({ numClasses = 1000 }: ClassifierOptions = {}): CustomModuleSpec {
  // input channels, output channels (null for the last stage), blocks
  const settings = [
    [96, 192, 3],
    [192, 384, 3],
    [384, 768, 9],
    [768, null, 3],
  ] as const;
  const stochasticDepthProb = 0.1;
  const layerScale = 1e-6;
  const norm = (channels: number) => LayerNorm2d(channels, { eps: 1e-6 });
  const totalBlocks = settings.reduce((sum, s) => sum + s[2], 0);
  const features: ModuleSpec[] = [
    Conv2dNormActivation(3, 96, { kernelSize: 4, stride: 4, padding: 0, norm, activation: null, bias: true }),
  ];
  let blockId = 0;
  for (const [inputChannels, outChannels, count] of settings) {
    const stage: ModuleSpec[] = [];
    for (let i = 0; i < count; i++) {
      // Same arithmetic, in the same order, as torchvision, so the printed p matches to the last digit.
      stage.push(CNBlock(inputChannels, layerScale, (stochasticDepthProb * blockId) / (totalBlocks - 1.0)));
      blockId++;
    }
    features.push(Sequential(...stage));
    if (outChannels !== null)
      features.push(Sequential(norm(inputChannels), nn.Conv2d(inputChannels, outChannels, 2, { stride: 2 })));
  }
  return Module(
    'ConvNeXt',
    {
      features: Sequential(...features),
      avgpool: nn.AdaptiveAvgPool2d(1),
      classifier: Sequential(norm(768), nn.Flatten(), nn.Linear(768, numClasses)),
    },
    (x, m) => pipe(x, m.features, m.avgpool, m.classifier),
  );
}

export interface ZooEntry<O> {
  /** A line for listings. */
  title: string;
  /** [C, H, W] the model is defined for. */
  inputShape: readonly [number, number, number];
  /** The torchvision 0.14 builder it reproduces, or null for the guide's own models. */
  torchvision: string | null;
  build(opts?: O): ModuleSpec;
}

const entry = <O>(e: ZooEntry<O>): ZooEntry<O> => Object.freeze(e);

export const zoo = {
  simpleCNN: entry({ title: "The guide's SimpleCNN", inputShape: [3, 32, 32], torchvision: null, build: simpleCNN }),
  classicCNN: entry({
    title: 'Classic CNN for CIFAR-sized images',
    inputShape: [3, 32, 32],
    torchvision: null,
    build: classicCNN,
  }),
  tinyVGG: entry({ title: "CNN Explainer's TinyVGG", inputShape: [3, 64, 64], torchvision: null, build: tinyVGG }),
  lenet5: entry({ title: 'LeNet-5 (1998)', inputShape: [1, 32, 32], torchvision: null, build: lenet5 }),
  alexnet: entry({ title: 'AlexNet (2012)', inputShape: [3, 224, 224], torchvision: 'alexnet', build: alexnet }),
  vgg16: entry({ title: 'VGG-16 (2014)', inputShape: [3, 224, 224], torchvision: 'vgg16', build: vgg16 }),
  googlenet: entry({
    title: 'GoogLeNet (2014), no auxiliary heads',
    inputShape: [3, 224, 224],
    torchvision: 'googlenet',
    build: googlenet,
  }),
  resnet18: entry({ title: 'ResNet-18 (2015)', inputShape: [3, 224, 224], torchvision: 'resnet18', build: resnet18 }),
  resnet50: entry({ title: 'ResNet-50 (2015)', inputShape: [3, 224, 224], torchvision: 'resnet50', build: resnet50 }),
  mobilenetV2: entry({ title: 'MobileNetV2 (2018)', inputShape: [3, 224, 224], torchvision: 'mobilenet_v2', build: mobilenetV2 }),
  efficientnetB0: entry({
    title: 'EfficientNet-B0 (2019)',
    inputShape: [3, 224, 224],
    torchvision: 'efficientnet_b0',
    build: efficientnetB0,
  }),
  convnextTiny: entry({
    title: 'ConvNeXt-T (2022)',
    inputShape: [3, 224, 224],
    torchvision: 'convnext_tiny',
    build: convnextTiny,
  }),
} as const;

export type ZooName = keyof typeof zoo;

export const zooNames = Object.keys(zoo) as ZooName[];

/** Looks a model up by name, with an error that lists the names that exist. */
export function zooModel(name: string): (typeof zoo)[ZooName] {
  if (!Object.hasOwn(zoo, name)) {
    throw new Error(`No model named '${name}' in the zoo; available: ${zooNames.join(', ')}`);
  }
  return zoo[name as ZooName];
}
