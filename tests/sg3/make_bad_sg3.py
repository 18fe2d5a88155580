"""Hostile StyleGAN3 pickles for the C++ reader: each is a valid snapshot of
the given generator with exactly one thing broken (tests/data/sg3/README.md)."""
import copy
import os
from collections import OrderedDict

import torch


def _layer(G, idx):
    return G.synthesis._modules[G.synthesis.layer_names[idx]]


def _missing_filter(G):
    del _layer(G, 1)._buffers['up_filter']          # the key is gone (layer 1 upsamples, so it needs one)


def _none_filter(G):
    _layer(G, 1)._buffers['down_filter'] = None     # None although down_taps > 1


def _freqs_shape(G):
    inp = G.synthesis.input
    inp._buffers['freqs'] = torch.randn([inp.channels, 3])


def _freqs_channels(G):
    inp = G.synthesis.input
    inp._buffers['freqs'] = torch.randn([inp.channels + 1, 2])


def _transform_shape(G):
    G.synthesis.input._buffers['transform'] = torch.eye(2, 3)


def _magnitude_ema_zero(G):
    _layer(G, 2)._buffers['magnitude_ema'] = torch.zeros([])


def _magnitude_ema_negative(G):
    _layer(G, 0)._buffers['magnitude_ema'] = torch.full([], -0.5)


def _layer_missing(G):
    syn = G.synthesis
    gone = syn.layer_names.pop(2)                   # num_layers still counts it
    del syn._modules[gone]


def _layer_unknown_name(G):
    syn = G.synthesis
    old = syn.layer_names[3]
    syn._modules = OrderedDict(('conv3' if k == old else k, v) for k, v in syn._modules.items())
    syn.layer_names[3] = 'conv3'


BREAKERS = {
    'bad_missing_filter.pkl': _missing_filter,
    'bad_none_filter.pkl': _none_filter,
    'bad_freqs_shape.pkl': _freqs_shape,
    'bad_freqs_channels.pkl': _freqs_channels,
    'bad_transform_shape.pkl': _transform_shape,
    'bad_magnitude_ema_zero.pkl': _magnitude_ema_zero,
    'bad_magnitude_ema_negative.pkl': _magnitude_ema_negative,
    'bad_layer_layout_missing.pkl': _layer_missing,
    'bad_layer_layout_unknown.pkl': _layer_unknown_name,
}


def write_all(out, G_ema, sg3_pickle):
    for name, breaker in BREAKERS.items():
        G = copy.deepcopy(G_ema)
        breaker(G)
        data = dict(G=None, D=None, G_ema=G, augment_pipe=None,
                    training_set_kwargs=sg3_pickle.training_set_kwargs(G.img_resolution))
        with open(os.path.join(out, name), 'wb') as f:
            f.write(sg3_pickle.dumps(data))
