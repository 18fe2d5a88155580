// Activations and bias_act as NVIDIA's reference paths compute them
// (torch_utils/ops/bias_act.py), shared by the generator families.
#pragma once

#include <torch/torch.h>

#include <optional>
#include <string>

namespace stylemix {

// bias_act's default gain: sqrt(2) for relu / lrelu / swish, else 1.
double defaultGain(const std::string& act);
// Applies a named activation ("linear", "lrelu" (slope 0.2), "relu", "tanh", ...).
torch::Tensor activate(const torch::Tensor& x, const std::string& act);
// Negative-side slope of a positively homogeneous activation (f(g x) = g f(x) for g > 0).
float homogeneousSlope(const std::string& act);
// bias_act's reference path: add bias (per channel, dim 1), activate, scale by gain, clamp.
torch::Tensor biasAct(torch::Tensor x, const torch::Tensor& bias, const std::string& act, double gain,
                      std::optional<double> clamp);
// x * rsqrt(mean(x², dim 1) + 1e-8).
torch::Tensor normalize2ndMoment(const torch::Tensor& x);

}  // namespace stylemix
