"""Model, objective and update step of the reference Bayesian CNN (JAX + optax), for the speed comparison.

Written from issue #12's text: conv 3x3x32 (same padding), ReLU, 2x2 max-pool, conv 3x3x64, ReLU, 2x2
max-pool, dense 128, ReLU, dense 10; a mean-field Gaussian N(mean, exp(logvar)) over every weight and
bias; local reparameterisation in every layer (each pre-activation drawn from N(conv(x, mean) + b_mean,
conv(x^2, var) + b_var), per example and position); batch 128; one noise draw per step; Adam.
The rest of the recipe is the article's, as vb_model.py has it and as the engine's defaults are: prior
N(0, 1), KL per tensor summed and divided by its first dimension, beta 0.001, log-variance -7 at start,
means as Haiku's initialiser (truncated normal / sqrt(fan_in), biases 0), lr 1e-3, pixels in [0, 1].
"""

import jax
import jax.numpy as jnp
import optax

import vb_model

CONV_CHANNELS = (32, 64)
DENSE_SIZES = (7 * 7 * 64, 128, 10)
DIMENSIONS = ('NHWC', 'HWIO', 'NHWC')


def init_posterior(key, init_logvar):
    """Returns {'mean', 'logvar'} trees over conv_0, conv_1, linear_0, linear_1 (sorted = network order)."""
    mean = {}
    channels = 1
    for index, out in enumerate(CONV_CHANNELS):
        key, weight_key = jax.random.split(key)
        mean[f'conv_{index}'] = vb_model.haiku_init(weight_key, (3, 3, channels, out), 9 * channels)
        channels = out
    for index, (fan_in, fan_out) in enumerate(zip(DENSE_SIZES[:-1], DENSE_SIZES[1:])):
        key, weight_key = jax.random.split(key)
        mean[f'linear_{index}'] = vb_model.haiku_init(weight_key, (fan_in, fan_out), fan_in)
    return vb_model.posterior_from_means(mean, init_logvar)


def conv(images, kernel):
    """3x3 'same' convolution, NHWC images and HWIO kernel."""
    return jax.lax.conv_general_dilated(images, kernel, (1, 1), 'SAME', dimension_numbers=DIMENSIONS)


def max_pool(hidden):
    """2x2 max-pooling with stride 2 (a reshape and a max: XLA's fastest form on CPU)."""
    batch, height, width, channels = hidden.shape
    blocks = hidden.reshape(batch, height // 2, 2, width // 2, 2, channels)
    return blocks.max(axis=(2, 4))


def local_logits(posterior, images, key):
    """Logits with every pre-activation sampled by local reparameterisation (training)."""
    mean, logvar = posterior['mean'], posterior['logvar']
    names = sorted(mean)
    keys = jax.random.split(key, len(names))
    hidden = images.reshape(-1, 28, 28, 1)
    for index, name in enumerate(names):
        w_var, b_var = jnp.exp(logvar[name]['w']), jnp.exp(logvar[name]['b'])
        if name.startswith('conv'):
            z_mean = conv(hidden, mean[name]['w']) + mean[name]['b']
            z_var = conv(jnp.square(hidden), w_var) + b_var
        else:
            hidden = hidden.reshape(hidden.shape[0], -1)
            z_mean = hidden @ mean[name]['w'] + mean[name]['b']
            z_var = jnp.square(hidden) @ w_var + b_var
        z = z_mean + jnp.sqrt(z_var) * jax.random.normal(keys[index], z_mean.shape, z_mean.dtype)
        if index == len(names) - 1:
            return z
        hidden = jax.nn.relu(z)
        if name.startswith('conv'):
            hidden = max_pool(hidden)
    raise AssertionError('unreachable')


def sampled_logits(params, images):
    """Logits of one set of sampled weights (prediction: the answer does not depend on the batch)."""
    hidden = images.reshape(-1, 28, 28, 1)
    for name in sorted(params):
        if name.startswith('conv'):
            hidden = max_pool(jax.nn.relu(conv(hidden, params[name]['w']) + params[name]['b']))
        else:
            hidden = hidden.reshape(hidden.shape[0], -1) @ params[name]['w'] + params[name]['b']
            if name != sorted(params)[-1]:
                hidden = jax.nn.relu(hidden)
    return hidden


def make_update(optimizer, batch_size, beta, prior_std):
    """Builds the per-step update: gathers batch `step` from the device-resident data, one Adam step."""

    def loss(posterior, images, labels, key):
        logits = local_logits(posterior, images, key)
        log_likelihood = -jnp.mean(optax.softmax_cross_entropy_with_integer_labels(logits, labels))
        return beta * vb_model.kl_divergence(posterior, prior_std) - log_likelihood

    return vb_model.update_minimising(loss, optimizer, batch_size)


def make_correct_count(num_samples, chunk=1000):
    """Builds count of correct test answers from the mean softmax over `num_samples` weight samples."""

    def correct_count(posterior, images, labels, key):
        keys = jax.random.split(key, num_samples)
        params = [vb_model.sample_params(posterior, k) for k in keys]

        def chunk_correct(batch):
            chunk_images, chunk_labels = batch
            probs = jnp.mean(jnp.stack([jax.nn.softmax(sampled_logits(p, chunk_images)) for p in params]), 0)
            return jnp.sum(jnp.argmax(probs, axis=-1) == chunk_labels)

        chunks = (images.reshape(-1, chunk, images.shape[1]), labels.reshape(-1, chunk))
        return jnp.sum(jax.lax.map(chunk_correct, chunks))

    return correct_count


kl_divergence = vb_model.kl_divergence
