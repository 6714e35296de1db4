// Builds a TensorFlow GraphDef and wraps it as a SavedModel (saved_model.pb) that tfjs-node can
// load and run as one session call. Uses the protobuf classes tfjs-node ships for reading
// SavedModels (dist/proto/api_pb), so no protobuf code of our own.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

/* The slice of the generated jspb API used here. */
interface Msg {
  serializeBinary(): Uint8Array;
}
interface MapField<V> {
  set(key: string, value: V): void;
}
interface ShapeMsg extends Msg {
  addDim(d: Msg & { setSize(n: number): void }): void;
}
interface AttrMsg extends Msg {
  setType(t: number): void;
  setShape(s: ShapeMsg): void;
  setTensor(t: Msg): void;
  setI(i: number): void;
  setF(f: number): void;
  setB(b: boolean): void;
}
interface TensorMsg extends Msg {
  setDtype(t: number): void;
  setTensorShape(s: ShapeMsg): void;
  setIntValList(v: number[]): void;
  setFloatValList(v: number[]): void;
}
interface NodeMsg extends Msg {
  setName(n: string): void;
  setOp(o: string): void;
  addInput(i: string): void;
  getAttrMap(): MapField<AttrMsg>;
}
interface Proto {
  DataType: { DT_FLOAT: number; DT_INT32: number };
  TensorShape: (new () => ShapeMsg) & { Dim: new () => Msg & { setSize(n: number): void } };
  AttrValue: new () => AttrMsg;
  Tensor: new () => TensorMsg;
  NodeDef: new () => NodeMsg;
  GraphDef: new () => Msg & { addNode(n: NodeMsg): void };
  TensorInfo: new () => Msg & {
    setName(n: string): void;
    setDtype(t: number): void;
    setTensorShape(s: ShapeMsg): void;
  };
  SignatureDef: new () => Msg & {
    setMethodName(m: string): void;
    getInputsMap(): MapField<Msg>;
    getOutputsMap(): MapField<Msg>;
  };
  MetaGraphDef: (new () => Msg & {
    setMetaInfoDef(i: Msg): void;
    setGraphDef(g: Msg): void;
    getSignatureDefMap(): MapField<Msg>;
  }) & { MetaInfoDef: new () => Msg & { addTags(t: string): void } };
  SavedModel: new () => Msg & { setSavedModelSchemaVersion(v: number): void; addMetaGraphs(m: Msg): void };
}

const proto = createRequire(__filename)('@tensorflow/tfjs-node/dist/proto/api_pb') as Proto;
export const DT_FLOAT = proto.DataType.DT_FLOAT;
export const DT_INT32 = proto.DataType.DT_INT32;

type AttrInput = { type: number } | { shape: number[] } | { i: number } | { f: number } | { b: boolean };

function shapeMsg(dims: number[]): ShapeMsg {
  const s = new proto.TensorShape();
  for (const d of dims) {
    const dim = new proto.TensorShape.Dim();
    dim.setSize(d);
    s.addDim(dim);
  }
  return s;
}

function attr(a: AttrInput): AttrMsg {
  const v = new proto.AttrValue();
  if ('type' in a) v.setType(a.type);
  else if ('shape' in a) v.setShape(shapeMsg(a.shape));
  else if ('i' in a) v.setI(a.i);
  else if ('f' in a) v.setF(a.f);
  else v.setB(a.b);
  return v;
}

export interface GraphIO {
  name: string;
  node: string;
  dtype: number;
  shape: number[];
}

/** Accumulates nodes; `op` returns the node name (use `name:i` for output i > 0). */
export class GraphBuilder {
  private readonly graph = new proto.GraphDef();
  private count = 0;
  readonly inputs: GraphIO[] = [];

  /** Adds a node and returns its name. */
  op(type: string, inputs: string[], attrs: Record<string, AttrInput> = {}, name?: string): string {
    const node = new proto.NodeDef();
    const nodeName = name ?? `${type.toLowerCase()}_${this.count++}`;
    node.setName(nodeName);
    node.setOp(type);
    inputs.forEach((i) => node.addInput(i));
    for (const [key, value] of Object.entries(attrs)) node.getAttrMap().set(key, attr(value));
    this.graph.addNode(node);
    return nodeName;
  }

  /** A graph input, fed at every run. */
  placeholder(name: string, dtype: number, shape: number[]): string {
    this.op('Placeholder', [], { dtype: { type: dtype }, shape: { shape } }, name);
    this.inputs.push({ name, node: name, dtype, shape });
    return name;
  }

  /** An int32 or float32 constant (1-D when `shape` is [n], scalar when []). */
  constant(values: number[], dtype: number, shape: number[]): string {
    const tensor = new proto.Tensor();
    tensor.setDtype(dtype);
    tensor.setTensorShape(shapeMsg(shape));
    if (dtype === DT_INT32) tensor.setIntValList(values);
    else tensor.setFloatValList(values);
    const node = new proto.NodeDef();
    const name = `const_${this.count++}`;
    node.setName(name);
    node.setOp('Const');
    const value = new proto.AttrValue();
    value.setTensor(tensor);
    node.getAttrMap().set('value', value);
    node.getAttrMap().set('dtype', attr({ type: dtype }));
    this.graph.addNode(node);
    return name;
  }

  /** Writes `<dir>/saved_model.pb` with one 'serve' meta-graph and a 'serving_default' signature. */
  writeSavedModel(dir: string, outputs: GraphIO[]): void {
    const info = (io: GraphIO) => {
      const t = new proto.TensorInfo();
      t.setName(`${io.node}:0`);
      t.setDtype(io.dtype);
      t.setTensorShape(shapeMsg(io.shape));
      return t;
    };
    const signature = new proto.SignatureDef();
    signature.setMethodName('tensorflow/serving/predict');
    this.inputs.forEach((io) => signature.getInputsMap().set(io.name, info(io)));
    outputs.forEach((io) => signature.getOutputsMap().set(io.name, info(io)));
    const meta = new proto.MetaGraphDef();
    const metaInfo = new proto.MetaGraphDef.MetaInfoDef();
    metaInfo.addTags('serve');
    meta.setMetaInfoDef(metaInfo);
    meta.setGraphDef(this.graph);
    meta.getSignatureDefMap().set('serving_default', signature);
    const model = new proto.SavedModel();
    model.setSavedModelSchemaVersion(1);
    model.addMetaGraphs(meta);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'saved_model.pb'), model.serializeBinary());
  }
}
