"""The functions of ``nn.functional`` that live in their own modules, gathered
for ``functional.py`` (which imports everything listed in ``__all__`` here):
activations, losses, distances, padding, attention, transposed convolutions,
1-D, 3-D and adaptive pools, unpooling, ``embedding_bag``, the dropouts beyond
``dropout``, resampling and the
normalisations beyond batch and layer norm.

>>> from tensors.nn import functional as F
>>> F.gelu is __import__("tensors.nn._functional_activation", fromlist=["gelu"]).gelu
True
"""

from ._functional_activation import (
    celu,
    elu,
    gelu,
    glu,
    hardshrink,
    hardsigmoid,
    hardswish,
    hardtanh,
    logsigmoid,
    mish,
    prelu,
    relu6,
    rrelu,
    selu,
    silu,
    softmin,
    softshrink,
    softsign,
    tanhshrink,
    threshold,
)
from ._functional_attention import (
    bilinear,
    scaled_dot_product_attention,
)
from ._functional_conv_transpose import (
    conv_transpose1d,
    conv_transpose2d,
    conv_transpose3d,
)
from ._functional_ctc import (
    ctc_loss,
)
from ._functional_distance import (
    cosine_similarity,
    normalize,
    pdist,
)
from ._functional_dropout import (
    alpha_dropout,
    dropout1d,
    dropout2d,
    dropout3d,
    feature_alpha_dropout,
)
from ._functional_embedding_bag import (
    embedding_bag,
)
from ._functional_grid_sample import (
    grid_sample,
)
from ._functional_loss import (
    cosine_embedding_loss,
    gaussian_nll_loss,
    hinge_embedding_loss,
    huber_loss,
    kl_div,
    margin_ranking_loss,
    multi_margin_loss,
    multilabel_soft_margin_loss,
    pairwise_distance,
    poisson_nll_loss,
    smooth_l1_loss,
    soft_margin_loss,
    triplet_margin_loss,
)
from ._functional_loss_more import (
    multilabel_margin_loss,
    triplet_margin_with_distance_loss,
)
from ._functional_mha import (
    multi_head_attention_forward,
)
from ._functional_norm_more import (
    group_norm,
    instance_norm,
    local_response_norm,
    rms_norm,
)
from ._functional_pad import (
    channel_shuffle,
    pad,
    pixel_shuffle,
    pixel_unshuffle,
)
from ._functional_pool1d import (
    adaptive_avg_pool1d,
    adaptive_max_pool1d,
    adaptive_max_pool2d,
    avg_pool1d,
    max_pool1d,
)
from ._functional_pool3d import (
    adaptive_avg_pool3d,
    adaptive_max_pool3d,
    avg_pool3d,
    max_pool3d,
)
from ._functional_resample import (
    fold,
    interpolate,
    unfold,
    upsample_bilinear,
    upsample_nearest,
)
from ._functional_unpool import (
    max_unpool1d,
    max_unpool2d,
    max_unpool3d,
)

__all__ = [
    "adaptive_avg_pool1d",
    "adaptive_avg_pool3d",
    "adaptive_max_pool1d",
    "adaptive_max_pool2d",
    "adaptive_max_pool3d",
    "alpha_dropout",
    "avg_pool1d",
    "avg_pool3d",
    "bilinear",
    "celu",
    "channel_shuffle",
    "conv_transpose1d",
    "conv_transpose2d",
    "conv_transpose3d",
    "cosine_embedding_loss",
    "cosine_similarity",
    "ctc_loss",
    "dropout1d",
    "dropout2d",
    "dropout3d",
    "elu",
    "embedding_bag",
    "feature_alpha_dropout",
    "fold",
    "gaussian_nll_loss",
    "gelu",
    "glu",
    "grid_sample",
    "group_norm",
    "hardshrink",
    "hardsigmoid",
    "hardswish",
    "hardtanh",
    "hinge_embedding_loss",
    "huber_loss",
    "instance_norm",
    "interpolate",
    "kl_div",
    "local_response_norm",
    "logsigmoid",
    "margin_ranking_loss",
    "max_pool1d",
    "max_pool3d",
    "max_unpool1d",
    "max_unpool2d",
    "max_unpool3d",
    "mish",
    "multi_head_attention_forward",
    "multi_margin_loss",
    "multilabel_margin_loss",
    "multilabel_soft_margin_loss",
    "normalize",
    "pad",
    "pairwise_distance",
    "pdist",
    "pixel_shuffle",
    "pixel_unshuffle",
    "poisson_nll_loss",
    "prelu",
    "relu6",
    "rms_norm",
    "rrelu",
    "scaled_dot_product_attention",
    "selu",
    "silu",
    "smooth_l1_loss",
    "soft_margin_loss",
    "softmin",
    "softshrink",
    "softsign",
    "tanhshrink",
    "threshold",
    "triplet_margin_loss",
    "triplet_margin_with_distance_loss",
    "unfold",
    "upsample_bilinear",
    "upsample_nearest",
]
