// What each architecture's paper reported, with where it says so. Kept apart
// from the zoo's counts (which the engine computes) because these are quoted,
// not computed: every figure names its paper and table, whether it comes from
// one model or an ensemble, and how many crops of each image were averaged.
// The widely copied tables mix AlexNet's and GoogLeNet's ensemble results
// with single-model ones and give EfficientNet-B0's size with B7's accuracy;
// this list keeps to single models where the paper gives one.

import type { ZooName } from '../../../engine/spec/zoo';

export type ResultKind = 'single model' | 'ensemble';

export interface ReportedResult {
  /** The zoo model whose counts the table shows beside this result. */
  readonly model: ZooName;
  readonly name: string;
  readonly year: number;
  /** Top-1 and top-5 error in percent; null where the paper gives none for this setting. */
  readonly top1Error: number | null;
  readonly top5Error: number | null;
  /** The data the error was measured on, e.g. 'ImageNet (ILSVRC-2012) validation'. */
  readonly dataset: string;
  readonly kind: ResultKind;
  /** How the test images were used: 'single crop', '10 crops', ... */
  readonly evaluation: string;
  /** Paper, venue and the table (or section) the figure is in. */
  readonly citation: string;
  /** An ensemble or multi-crop figure that is often quoted instead, and why it is not this one. */
  readonly oftenQuoted?: string;
  /** The idea the architecture introduced, in a phrase. */
  readonly idea: string;
}

export const REPORTED_RESULTS: readonly ReportedResult[] = [
  {
    model: 'lenet5',
    name: 'LeNet-5',
    year: 1998,
    top1Error: 0.95,
    top5Error: null,
    dataset: 'MNIST test set (not ImageNet: the network is for 32 × 32 digits)',
    kind: 'single model',
    evaluation: 'whole image',
    citation:
      'LeCun, Bottou, Bengio & Haffner, "Gradient-based learning applied to document recognition", Proc. IEEE 1998, Section III.C and Fig. 9',
    oftenQuoted: '0.8% with training images augmented by distortions (same section)',
    idea: 'Convolution, subsampling and shared weights trained end to end by backpropagation',
  },
  {
    model: 'alexnet',
    name: 'AlexNet',
    year: 2012,
    top1Error: 40.7,
    top5Error: 18.2,
    dataset: 'ImageNet (ILSVRC-2012) validation',
    kind: 'single model',
    evaluation: '10 crops (4 corners, centre, and their mirror images)',
    citation:
      'Krizhevsky, Sutskever & Hinton, "ImageNet Classification with Deep Convolutional Neural Networks", NIPS 2012, Table 2 ("1 CNN")',
    oftenQuoted:
      '15.3% top-5 on the test set is an ensemble of 7 CNNs, two of them pre-trained on a larger ImageNet release (Table 2, "7 CNNs*")',
    idea: 'A deep CNN trained on GPUs with ReLU, dropout and data augmentation',
  },
  {
    model: 'vgg16',
    name: 'VGG-16',
    year: 2014,
    top1Error: 24.8,
    top5Error: 7.5,
    dataset: 'ImageNet (ILSVRC-2012) validation',
    kind: 'single model',
    evaluation: 'dense (fully convolutional) evaluation at three test scales',
    citation:
      'Simonyan & Zisserman, "Very Deep Convolutional Networks for Large-Scale Image Recognition", ICLR 2015, Table 4 (configuration D, train scale [256; 512])',
    oftenQuoted: '7.3% top-5 on the test set is the ILSVRC-2014 submission, an ensemble of 7 networks (Table 7)',
    idea: 'Depth from stacks of 3 × 3 convolutions only',
  },
  {
    model: 'googlenet',
    name: 'GoogLeNet',
    year: 2014,
    top1Error: null,
    top5Error: 10.07,
    dataset: 'ImageNet (ILSVRC-2014) validation',
    kind: 'single model',
    evaluation: 'single crop',
    citation: 'Szegedy et al., "Going Deeper with Convolutions", CVPR 2015, Table 3 (1 model, 1 crop)',
    oftenQuoted: '6.67% top-5 is an ensemble of 7 models with 144 crops per image (Tables 2 and 3)',
    idea: 'Inception modules: parallel 1 × 1, 3 × 3, 5 × 5 and pooling branches, with 1 × 1 reductions',
  },
  {
    model: 'resnet18',
    name: 'ResNet-18',
    year: 2015,
    top1Error: 27.88,
    top5Error: null,
    dataset: 'ImageNet (ILSVRC-2012) validation',
    kind: 'single model',
    evaluation: '10 crops',
    citation: 'He, Zhang, Ren & Sun, "Deep Residual Learning for Image Recognition", CVPR 2016, Table 2',
    idea: 'Residual blocks: each block learns a change added to an identity shortcut',
  },
  {
    model: 'resnet50',
    name: 'ResNet-50',
    year: 2015,
    top1Error: 22.85,
    top5Error: 6.71,
    dataset: 'ImageNet (ILSVRC-2012) validation',
    kind: 'single model',
    evaluation: '10 crops',
    citation: 'He, Zhang, Ren & Sun, "Deep Residual Learning for Image Recognition", CVPR 2016, Table 3',
    oftenQuoted: '3.57% top-5 on the test set is an ensemble of six models of different depths (Table 5)',
    idea: 'Bottleneck blocks (1 × 1 down, 3 × 3, 1 × 1 up) make 50+ layers affordable',
  },
  {
    model: 'mobilenetV2',
    name: 'MobileNetV2',
    year: 2018,
    top1Error: 28.0,
    top5Error: null,
    dataset: 'ImageNet (ILSVRC-2012) validation',
    kind: 'single model',
    evaluation: '224 × 224 input (the table does not say how many crops)',
    citation:
      'Sandler, Howard, Zhu, Zhmoginov & Chen, "MobileNetV2: Inverted Residuals and Linear Bottlenecks", CVPR 2018, Table 4 (72.0% top-1 accuracy)',
    idea: 'Inverted residuals with linear bottlenecks, built on depthwise separable convolutions',
  },
  {
    model: 'efficientnetB0',
    name: 'EfficientNet-B0',
    year: 2019,
    top1Error: 23.7,
    top5Error: 6.8,
    dataset: 'ImageNet (ILSVRC-2012) validation',
    kind: 'single model',
    evaluation: 'single crop',
    citation:
      'Tan & Le, "EfficientNet: Rethinking Model Scaling for Convolutional Neural Networks", ICML 2019, Table 2 (76.3% top-1, 93.2% top-5 accuracy)',
    oftenQuoted: "84.4% top-1 accuracy is EfficientNet-B7's, a model with about 66M parameters, not B0's 5.3M (same table)",
    idea: 'A searched MBConv baseline scaled in depth, width and resolution together (compound scaling)',
  },
  {
    model: 'convnextTiny',
    name: 'ConvNeXt-T',
    year: 2022,
    top1Error: 17.9,
    top5Error: null,
    dataset: 'ImageNet-1K validation',
    kind: 'single model',
    evaluation: 'single crop (224 × 224)',
    citation: 'Liu et al., "A ConvNet for the 2020s", CVPR 2022, Table 1 (82.1% top-1 accuracy, ImageNet-1K training)',
    idea: 'A ResNet modernised step by step towards vision transformers: patchify stem, 7 × 7 depthwise convs, LayerNorm, GELU',
  },
];
