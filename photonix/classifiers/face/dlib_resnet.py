"""dlib's face-recognition ResNet, read from its ``.dat`` file and written as an ONNX graph.

``dlib_face_recognition_resnet_model_v1.dat`` (in the ``face-recognition-models`` wheel) is a
serialised ``dlib::loss_metric`` network: a 29-layer ResNet taking a 150×150 RGB face chip to a
128-d embedding. dlib runs it without BLAS in the ``dlib-bin`` wheel (about 95 ms a face on this
machine); onnxruntime runs the same layers in 3-5 ms. :func:`resnet_onnx` reads the file and
builds the graph with ``onnx.helper``; the result depends only on the file's bytes.

**dlib's file format** (dlib's ``serialize``): an integer is a byte holding its length (low
nibble) and sign (0x80), then its bytes, little-endian; a float is two such integers, mantissa
and base-2 exponent; a string is its length then its bytes. The outermost layer comes first, and
each wrapper writes its version then its inner network before its own details, so the layers'
details follow one another from the input to the output, each starting with its name and version
(``con_4``, ``affine_``...). A layer's weights are a tensor: version 2, four integer dimensions,
then raw little-endian float32s. Only the layers' details are read; the wrappers' bookkeeping
between them (flags and empty gradient tensors) is skipped by finding the next layer's name.

**The network**, as dlib runs it: ``con`` (cross-correlation with a bias, zero padding), ``affine``
(a batch norm frozen into a per-channel scale and shift), ``relu``, ``max_pool``, ``avg_pool``,
``add_prev`` and, at the end, an average over the whole image and ``fc`` without bias. A
residual block starts at the output of the max pool or of a block; ``add_prev`` adds the block's
output to its start, through ``avg_pool`` when the block shrinks the image. dlib adds tensors of
different shapes by aligning them at their first element and taking missing values as zeros,
so the smaller one is padded at the end of each axis.
"""

import re

import numpy as np

INPUT_NAME = "chips"
OUTPUT_NAME = "embeddings"
LAYER_NAME = re.compile(rb"(input_rgb_image_sized|con_|affine_|relu_|max_pool_|avg_pool_|add_prev_|fc_)\w*")
OPSET = 17


class Reader:
    """dlib's serialised values, read in order from ``data``."""

    def __init__(self, data: bytes, position: int = 0):
        self.data = data
        self.position = position

    def integer(self) -> int:
        header = self.data[self.position]
        size = header & 0x0F
        value = int.from_bytes(self.data[self.position + 1 : self.position + 1 + size], "little")
        self.position += 1 + size
        return -value if header & 0x80 else value

    def real(self) -> float:
        mantissa = self.integer()
        return float(np.ldexp(float(mantissa), self.integer()))

    def tensor(self) -> np.ndarray:
        version = self.integer()
        if version != 2:
            raise ValueError(f"dlib tensor of version {version} at byte {self.position}: only version 2 is read")
        shape = tuple(self.integer() for _ in range(4))
        count = int(np.prod(shape))
        values = np.frombuffer(self.data, "<f4", count, self.position)
        self.position += 4 * count
        return values.reshape(shape)

    def next_layer(self) -> str | None:
        """Move past the next layer's name (``con_4``...) and return it; ``None`` at the end of the file."""
        found = LAYER_NAME.search(self.data, self.position)
        if found is None:
            return None
        self.position = found.end()
        return found.group().decode()


def read_layers(data: bytes) -> list[tuple[str, dict]]:
    """The layers of a dlib face-recognition ResNet file, input first: ``(kind, parameters)``."""
    reader = Reader(data)
    layers = []
    while (name := reader.next_layer()) is not None:
        kind = name.rstrip("0123456789").rstrip("_") if name != "input_rgb_image_sized" else "input"
        if kind == "input":
            layers.append((kind, {"mean": [reader.real() for _ in range(3)], "size": reader.integer()}))
        elif kind == "con":
            params = reader.tensor().ravel()
            filters, rows, cols, stride_y, stride_x, pad_y, pad_x = (reader.integer() for _ in range(7))
            weights = params[: params.size - filters].reshape(filters, -1, rows, cols)
            layers.append((kind, {"weights": weights, "bias": params[-filters:], "strides": [stride_y, stride_x],
                                  "pads": [pad_y, pad_x, pad_y, pad_x]}))  # fmt: skip
        elif kind == "affine":
            params = reader.tensor().ravel()
            channels = params.size // 2
            layers.append((kind, {"scale": params[:channels], "shift": params[channels:]}))
        elif kind in ("max_pool", "avg_pool"):
            rows, cols, stride_y, stride_x, pad_y, pad_x = (reader.integer() for _ in range(6))
            layers.append((kind, {"kernel": [rows, cols], "strides": [stride_y, stride_x],
                                  "pads": [pad_y, pad_x, pad_y, pad_x]}))  # fmt: skip
        elif kind == "fc":
            outputs, inputs = reader.integer(), reader.integer()
            layers.append((kind, {"weights": reader.tensor().reshape(inputs, outputs)}))
        else:  # relu, add_prev: no parameters
            layers.append((kind, {}))
    return layers


def output_side(side: int, kernel: int, stride: int, pad: int) -> int:
    """The side of a convolution's or pooling's output, as dlib and ONNX both compute it (rounded down)."""
    return 1 + (side + 2 * pad - kernel) // stride


class GraphBuilder:
    """ONNX nodes and initializers, each tensor given the next number as its name; the shape (C, H, W) is tracked."""

    def __init__(self, shape: tuple[int, int, int]):
        self.nodes, self.initializers = [], []
        self.count = 0
        self.current, self.shape = INPUT_NAME, shape

    def name(self) -> str:
        self.count += 1
        return f"t{self.count}"

    def constant(self, values: np.ndarray) -> str:
        from onnx import numpy_helper

        name = self.name()
        self.initializers.append(numpy_helper.from_array(np.ascontiguousarray(values), name))
        return name

    def node(self, op: str, inputs: list[str], **attributes) -> str:
        from onnx import helper

        output = self.name()
        self.nodes.append(helper.make_node(op, inputs, [output], **attributes))
        return output

    def apply(self, op: str, *constants: np.ndarray, **attributes) -> None:
        """``op`` on the current tensor (and ``constants``): the result becomes the current tensor."""
        self.current = self.node(op, [self.current, *map(self.constant, constants)], **attributes)

    def padded(self, tensor: str, shape: tuple[int, int, int], to: tuple[int, int, int]) -> str:
        """``tensor`` of ``shape`` padded with zeros at the end of each axis to ``to``."""
        if shape == to:
            return tensor
        ends = [0, *(b - a for a, b in zip(shape, to, strict=True))]
        return self.node("Pad", [tensor, self.constant(np.array([0, 0, 0, 0, *ends], np.int64))])

    def add(self, other: str, other_shape: tuple[int, int, int]) -> None:
        """The current tensor plus ``other``, as dlib adds them: aligned at their first element, zeros where missing."""
        to = tuple(max(a, b) for a, b in zip(self.shape, other_shape, strict=True))
        self.current = self.node(
            "Add", [self.padded(self.current, self.shape, to), self.padded(other, other_shape, to)]
        )
        self.shape = to


def build_graph(layers: list[tuple[str, dict]]):
    """The ONNX model (``onnx.ModelProto``) of dlib's ResNet layers: float chips N×3×150×150 → N×128 embeddings."""
    from onnx import TensorProto, helper

    (kind, first), *rest = layers
    if kind != "input":
        raise ValueError(f"the network starts with {kind}, not its input layer")
    size = first["size"]
    graph = GraphBuilder((3, size, size))
    graph.apply("Sub", np.array(first["mean"], np.float32).reshape(3, 1, 1))  # dlib: (pixel - mean) / 256
    graph.apply("Div", np.array(256, np.float32))
    block = pooled = None  # where the current residual block starts; its start average-pooled
    previous = None
    for kind, p in rest:
        channels, rows, cols = graph.shape
        if kind == "con":
            filters, _, k_rows, k_cols = p["weights"].shape
            graph.apply("Conv", p["weights"], p["bias"], strides=p["strides"], pads=p["pads"])
            sides = zip((rows, cols), (k_rows, k_cols), p["strides"], p["pads"][:2], strict=True)
            graph.shape = (filters, *(output_side(*side) for side in sides))
        elif kind == "affine":
            graph.apply("Mul", p["scale"].reshape(-1, 1, 1))
            graph.apply("Add", p["shift"].reshape(-1, 1, 1))
        elif kind == "relu":
            graph.apply("Relu")
        elif kind == "max_pool":
            graph.apply("MaxPool", kernel_shape=p["kernel"], strides=p["strides"], pads=p["pads"])
            graph.shape = (channels, *(output_side(*side) for side in zip((rows, cols), p["kernel"], p["strides"],
                                                                          p["pads"][:2], strict=True)))  # fmt: skip
        elif kind == "avg_pool" and p["kernel"] == [0, 0]:  # dlib's avg_pool_everything
            graph.apply("GlobalAveragePool")
            graph.shape = (channels, 1, 1)
        elif kind == "avg_pool":
            start, start_shape = block
            sides = zip(start_shape[1:], p["kernel"], p["strides"], p["pads"][:2], strict=True)
            pooled = (
                graph.node("AveragePool", [start], kernel_shape=p["kernel"], strides=p["strides"], pads=p["pads"]),
                (start_shape[0], *(output_side(*side) for side in sides)),
            )
        elif kind == "add_prev":
            graph.add(*(pooled or block))
            pooled = None
        elif kind == "fc":
            graph.apply("Flatten")
            graph.apply("MatMul", p["weights"])
            graph.shape = (p["weights"].shape[1],)
        else:
            raise ValueError(f"unknown dlib layer {kind}")
        if kind == "max_pool" or (kind == "relu" and previous == "add_prev"):
            block = (graph.current, graph.shape)
        previous = kind
    graph.nodes[-1].output[0] = OUTPUT_NAME
    return helper.make_model(
        helper.make_graph(
            graph.nodes,
            "dlib_face_recognition_resnet_model_v1",
            [helper.make_tensor_value_info(INPUT_NAME, TensorProto.FLOAT, ["faces", 3, size, size])],
            [helper.make_tensor_value_info(OUTPUT_NAME, TensorProto.FLOAT, ["faces", graph.shape[0]])],
            graph.initializers,
        ),
        opset_imports=[helper.make_opsetid("", OPSET)],
        producer_name="photonix",
    )


def resnet_onnx(data: bytes) -> bytes:
    """The serialised ONNX model of the dlib ResNet file ``data``: RGB face chips (0-255, N×3×150×150) → embeddings."""
    return build_graph(read_layers(data)).SerializeToString()
