"""Train the Deepcolor generator: conditional GAN (hinge, spectral-norm PatchGAN) + L1.

    # single process, CPU or one GPU
    /usr/bin/python3 -m training.train --shards training/work/shards --run cpu1 --max-minutes 70
    # several GPUs
    torchrun --nproc_per_node 8 -m training.train --shards ... --run big
    # resume: the same command again (reads training/checkpoints/<run>/last.pt)
    # the ablation
    /usr/bin/python3 -m training.train ... --run l1only --l1-only

Reads top to bottom: config, data, model, loop (D step, G step, EMA), validation,
checkpoint. Every knob is in Config and saved with every checkpoint. The shipped
weights are the EMA of the generator at the best validation PSNR, not the last step,
because GAN training swings (the seed-recipe reference run moved 5 dB between checkpoints).
"""
from __future__ import annotations

import argparse
import copy
import dataclasses
import hashlib
import json
import math
import os
import time

import numpy as np
import torch
import torch.distributed as dist
import torch.nn.functional as F
from PIL import Image
from torch.utils.data import DataLoader

from training.checkpoint_io import load_checkpoint
from training.dataset import ColorizationDataset, boosted, enlarged, load_split, make_example, one_thread_per_worker, reference_lineart, stratified
from training.hints import stroke_hint
from training.lineart import random_lineart, stroke_width, xdog
from training.losses import region_tone_loss, ssim_loss
from training.malloc_tuning import keep_freed_memory
from training.onnx_weights import checkpoint_from_onnx
from training.preprocess import paper_regions
from training.model import DEFAULT_WIDTHS, HINT_ONLY_CHANNELS, IN_CHANNELS, Generator, PatchDiscriminator, count_parameters, widen_inputs


@dataclasses.dataclass
class Config:
    shards: str = "training/work/shards"
    run: str = "dev"
    checkpoint_dir: str = "training/checkpoints"
    log_dir: str = "training/work/runs"
    widths: tuple = DEFAULT_WIDTHS
    disc_base: int = 32
    size: int = 256                 # the data's size; the contract's trainingSize
    crop: int = 128                 # random crops; lines keep their pixel width
    zoom_p: float = 0.0             # share of samples that are a smaller window enlarged (dataset.zoomed_window)
    zoom_max: float = 1.0           # the largest enlargement (log-uniform from 1)
    batch: int = 8                  # per process
    lr_g: float = 5e-4
    lr_d: float = 2e-4
    lr_final_fraction: float = 0.1  # cosine decay over max_minutes (or max_steps)
    l1_weight: float = 100.0
    gan_weight: float = 1.0
    fm_weight: float = 0.0          # feature matching (pix2pixHD): L1 between D's features of real and fake
    ssim_weight: float = 0.0        # (1 - SSIM) of lightness, windows ssim_sigmas (training/losses.py): asks for shading, not flat fills
    ssim_sigmas: str = "1.5,6"
    tone_weight: float = 0.0        # region_tone_loss (training/losses.py): as much light and dark inside each region as the target
    tone_one_sided: bool = False    # region_tone_loss charges only too little tone, not too much
    gan_start: int = 300            # L1 alone first: the GAN has nothing useful to say about noise
    l1_only: bool = False
    hint_l1_boost: float = 0.0      # extra L1 weight on hinted pixels (mask): 4 = hinted pixels count 5x
    ema_decay: float = 0.999
    max_steps: int = 0              # 0 = until max_minutes
    max_minutes: float = 70.0
    val_every: int = 200
    val_images: int = 48
    log_every: int = 20
    threads: int = 1                # measured: on a shared 2-core box, 2 OpenMP threads burnt 8.7x the CPU per step (spin-waits)
    workers: int = 1
    seed: int = 0
    train_limit: int = 0            # 0 = all training images (tests use a few)
    line_width_px: float = 0.0      # measured at start from training lineart
    hint_blur_sigma_fraction: float = 0.0  # strokes are fed as painted
    quiet: bool = False             # log to the file only (tests)
    no_fill: bool = False           # the first contract: hint channels only, no region fill
    init_from: str = ""             # warm start: weights (EMA G, D) of another run's checkpoint, widened if it had no fill
    select_on: str = "psnr+hint"    # best checkpoint by: "psnr", or "psnr+hint" (mean of PSNR and painted-pixel PSNR)
    val_zoom: float = 0.0           # > 1: a second validation set enlarged this much; it counts half in "best"
    rough_strokes: float = 0.0      # share of stroke hints painted as an artist would (hints.stroke_hint rough=True)
    source_boost: str = ""          # sampling weight factors per source, "wesnoth-*=3,flare-game=3" (dataset.boosted)
    shade: bool = False             # a learned Multiply shade after the gates (model.Generator); starts as the identity
    lr_shade: float = 0.0           # the shade conv's own learning rate (0 = lr_g): it starts at zero, the rest trained


def parse_config() -> Config:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    for f in dataclasses.fields(Config):
        name = "--" + f.name.replace("_", "-")
        if f.type in ("bool", bool):
            ap.add_argument(name, action="store_true", default=f.default)
        elif f.name == "widths":
            ap.add_argument(name, default=",".join(map(str, f.default)))
        else:
            ap.add_argument(name, type=type(f.default), default=f.default)
    a = vars(ap.parse_args())
    a["widths"] = tuple(int(w) for w in str(a["widths"]).split(","))
    return Config(**a)


# ---------------------------------------------------------------- fixed validation set

def validation_set(data: dict, n: int, with_fill: bool = True, zoom: float = 1.0) -> tuple[torch.Tensor, torch.Tensor]:
    """Full-size images with a fixed lineart and a fixed stroke hint each (densities cycle 0,1,5,20,100).

    zoom > 1 enlarges every image (bicubic) and extracts its lineart by XDoG at that size, as
    `evaluate --zoom` does: regions grow, lines do not. Zoom-trained runs gain there, not at 1x."""
    xs, ys = [], []
    densities = (0, 1, 5, 20, 100)
    for j in range(min(n, len(data["color"]))):
        rng = np.random.default_rng(1000 + j)
        color, line = data["color"][j], data["line"][j]
        if zoom != 1.0:
            color = enlarged(color, zoom)
            lineart = xdog(color, sigma=0.9)
        else:
            lineart = reference_lineart(color, line, bool(data["paired"][j])) if j % 2 == 0 else xdog(color, sigma=0.9)
        k = densities[j % len(densities)]
        hint = stroke_hint(color, k, rng) if k else None
        x, y = make_example(color, lineart, hint, 1.0, with_fill)
        xs.append(torch.from_numpy(x))
        ys.append(torch.from_numpy(y))
    return torch.stack(xs), torch.stack(ys)


@torch.no_grad()
def validate(gen: torch.nn.Module, vx: torch.Tensor, vy: torch.Tensor, device, batch: int = 8) -> dict:
    """Mean PSNR and L1 over the images, and `hint_psnr`: PSNR over all painted pixels (mask > 0.5)
    of the set, against the original: whether the output follows the strokes where they are."""
    gen.eval()
    psnrs, l1s = [], []
    hint_se, hint_n = 0.0, 0
    for i in range(0, len(vx), batch):
        x = vx[i:i + batch].to(device)
        out = gen(x).float().clamp(-1, 1)
        tgt = vy[i:i + batch].to(device)
        se = ((out - tgt) / 2).pow(2)
        psnrs += (10 * torch.log10(1.0 / se.mean(dim=(1, 2, 3)).clamp_min(1e-10))).tolist()
        l1s += (out - tgt).abs().mean(dim=(1, 2, 3)).tolist()
        painted = (x[:, 4:5] > 0.5).expand_as(se)
        hint_se += float(se[painted].sum())
        hint_n += int(painted.sum())
    hint_psnr = 10 * np.log10(hint_n / max(hint_se, 1e-10)) if hint_n else 0.0
    return {"psnr": float(np.mean(psnrs)), "l1": float(np.mean(l1s)), "hint_psnr": float(hint_psnr)}


def selection_score(cfg: "Config", metrics: dict) -> float:
    """What "best" means when keeping a checkpoint: PSNR, or (the default) the mean of PSNR and
    the painted pixels' PSNR. Plain PSNR preferred a model that ignored strokes: in run fill3 it
    fell 0.07 dB while the stroke gate cut the hint colour error from ~9 to ~6 CIEDE2000 (val split).
    With an enlarged validation set (`val_zoom`) the score is the mean of the 1x and the enlarged one."""
    def score(suffix: str) -> float:
        psnr = metrics["psnr" + suffix]
        return psnr if cfg.select_on == "psnr" else (psnr + metrics["hint_psnr" + suffix]) / 2
    return (score("") + score("_zoom")) / 2 if "psnr_zoom" in metrics else score("")


def line_regions(x: torch.Tensor) -> torch.Tensor:
    """(N, H, W) int64 labels of the paper regions between the lines of a batch's line channel
    (numbered from 1 per image, 0 = ink), for region_tone_loss. No gap closing: an open outline
    joins two regions, which only makes the tone asked of them a little broader."""
    lines = x[:, 0].detach().float().cpu().numpy()
    return torch.from_numpy(np.stack([paper_regions(line)[1] for line in lines])).long().to(x.device)


def new_meter() -> dict:
    """Running sums of the logged losses since the last log line, and their count."""
    return {"l1": 0.0, "g_gan": 0.0, "d": 0.0, "fm": 0.0, "ssim": 0.0, "tone": 0.0, "n": 0}


def save_samples(path: str, gen, vx, vy, device, n: int = 5) -> None:
    """One row per image: lineart | hint (over grey where empty) | output | original."""
    n = min(n, len(vx))
    with torch.no_grad():
        out = gen(vx[:n].to(device)).float().clamp(-1, 1).cpu()
    rows = []
    for i in range(n):
        line = vx[i, 0].numpy()[..., None].repeat(3, 2)
        mask = vx[i, 4].numpy()[..., None]
        hint = vx[i, 1:4].numpy().transpose(1, 2, 0) + (1 - mask) * 0.5
        o = (out[i].numpy().transpose(1, 2, 0) + 1) / 2
        t = (vy[i].numpy().transpose(1, 2, 0) + 1) / 2
        rows.append(np.concatenate([line, hint, o, t], axis=1))
    Image.fromarray((np.clip(np.concatenate(rows, 0), 0, 1) * 255 + 0.5).astype(np.uint8)).save(path)


def measure_line_width(data: dict, n: int = 64, seed: int = 0) -> float:
    """Median stroke width of the training lineart mix (paired + extracted styles), at training size."""
    rng = np.random.default_rng(seed)
    widths = []
    for i in rng.choice(len(data["color"]), min(n, len(data["color"])), replace=False):
        paired = data["line"][i] if data["paired"][i] else None
        line, _ = random_lineart(data["color"][i], paired, rng)
        w = stroke_width(line)
        if w > 0:
            widths.append(w)
    return float(np.median(widths)) if widths else 1.5


# ---------------------------------------------------------------- training

def warm_start(cfg: Config, gen, disc, in_channels: int, log) -> None:
    """Start from another run's EMA generator and discriminator (fresh optimisers, step 0).
    A model trained without the region fill gets the fill inputs with zero weights, so it
    starts out computing exactly what it did and learns to use them."""
    if cfg.init_from.endswith(".onnx"):  # the shipped model: no discriminator, which then starts fresh
        ck = checkpoint_from_onnx(cfg.init_from, os.path.join(os.path.dirname(cfg.init_from), "deepcolor.json"))
    else:
        ck = load_checkpoint(cfg.init_from)
    old = ck["config"].get("in_channels", HINT_ONLY_CHANNELS)
    if tuple(ck["config"]["widths"]) != tuple(cfg.widths):
        raise SystemExit(f"--init-from {cfg.init_from} has widths {ck['config']['widths']}, this run {list(cfg.widths)}")
    g_state, d_state = ck.get("ema") or ck["generator"], ck.get("discriminator")
    if old != in_channels:
        head_start = cfg.widths[0] // 2  # the head sees the decoder's features, then the input
        g_state = widen_inputs(g_state, {"stem.0.weight": 0, "head.weight": head_start}, old, in_channels)
        if d_state is not None:
            d_state = widen_inputs(d_state, {"net.0.weight_orig": 0}, old, in_channels)
    new = {k: v for k, v in gen.state_dict().items() if k not in g_state}
    if new:  # parts the parent did not have (the gates) keep their initial state
        log(f"warm start: new parameters {sorted(new)}")
        g_state = {**g_state, **new}
    gen.load_state_dict(g_state)
    if d_state is not None:
        disc.load_state_dict(d_state)
    else:
        log("warm start: no discriminator in the parent, a fresh one")
    cfg.line_width_px = ck["config"]["line_width_px"]
    log(f"warm start from {cfg.init_from} (step {ck.get('step')}, {old} -> {in_channels} input channels)")


def lr_factor(cfg: Config, step: int, elapsed_s: float) -> float:
    frac = step / cfg.max_steps if cfg.max_steps else elapsed_s / (60 * cfg.max_minutes)
    frac = min(max(frac, 0.0), 1.0)
    return cfg.lr_final_fraction + (1 - cfg.lr_final_fraction) * 0.5 * (1 + math.cos(math.pi * frac))


def main(cfg: Config | None = None) -> dict:
    cfg = cfg or parse_config()
    malloc_tuned = keep_freed_memory()  # before the data workers fork, so they inherit it (training/malloc_tuning.py)
    ddp = "RANK" in os.environ and int(os.environ.get("WORLD_SIZE", "1")) > 1
    if ddp:
        dist.init_process_group("nccl" if torch.cuda.is_available() else "gloo")
        rank, local = dist.get_rank(), int(os.environ.get("LOCAL_RANK", 0))
    else:
        rank, local = 0, 0
    master = rank == 0
    device = torch.device(f"cuda:{local}" if torch.cuda.is_available() else "cpu")
    if device.type == "cuda":
        torch.cuda.set_device(device)
        torch.backends.cudnn.benchmark = True  # fixed crop size: autotuned convolutions pay off
    torch.set_num_threads(cfg.threads)
    torch.manual_seed(cfg.seed + rank)
    use_amp = device.type == "cuda"

    ck_dir = os.path.join(cfg.checkpoint_dir, cfg.run)
    log_dir = os.path.join(cfg.log_dir, cfg.run)
    os.makedirs(ck_dir, exist_ok=True)
    os.makedirs(log_dir, exist_ok=True)
    log_path = os.path.join(log_dir, "log.txt")

    def log(msg: str) -> None:
        if master:
            line = f"{time.strftime('%H:%M:%S')} {msg}"
            if not cfg.quiet:
                print(line, flush=True)
            with open(log_path, "a") as f:
                f.write(line + "\n")

    # ---- data
    train = load_split(cfg.shards, "train", cfg.train_limit or None)
    val = stratified(load_split(cfg.shards, "val"), cfg.val_images)
    in_channels = HINT_ONLY_CHANNELS if cfg.no_fill else IN_CHANNELS
    vx, vy = validation_set(val, cfg.val_images, not cfg.no_fill)
    zoomed_val = validation_set(val, cfg.val_images, not cfg.no_fill, cfg.val_zoom) if cfg.val_zoom > 1 else None
    val_fingerprint = hashlib.sha1(vx.numpy().tobytes()).hexdigest()

    # ---- model, optimisers, resume
    gen = Generator(cfg.widths, in_channels, shade=cfg.shade).to(device)
    disc = PatchDiscriminator(cfg.disc_base, in_channels).to(device)
    ema = copy.deepcopy(gen).eval()
    for p in ema.parameters():
        p.requires_grad_(False)
    shade_params = list(gen.shade.parameters()) if gen.shade is not None else []
    shade_ids = {id(p) for p in shade_params}
    body_params = [p for p in gen.parameters() if id(p) not in shade_ids]
    groups = [{"params": body_params}] + ([{"params": shade_params}] if shade_params else [])
    base_lrs_g = [cfg.lr_g] + ([cfg.lr_shade or cfg.lr_g] if shade_params else [])  # per group, before the schedule
    opt_g = torch.optim.Adam(groups, lr=cfg.lr_g, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(disc.parameters(), lr=cfg.lr_d, betas=(0.5, 0.999))
    scaler = torch.cuda.amp.GradScaler(enabled=use_amp)
    step, elapsed_before, best_psnr, best_score, history = 0, 0.0, -1.0, -1.0, []
    last_path, best_path = os.path.join(ck_dir, "last.pt"), os.path.join(ck_dir, "best.pt")
    if os.path.exists(last_path):
        ck = load_checkpoint(last_path, map_location=device)
        if "opt_g" not in ck:
            raise SystemExit(f"{last_path} is a slim checkpoint (EMA generator only, no optimiser or discriminator): "
                             "it cannot be resumed; start another run with --init-from it")
        gen.load_state_dict(ck["generator"])
        ema.load_state_dict(ck["ema"])
        disc.load_state_dict(ck["discriminator"])
        opt_g.load_state_dict(ck["opt_g"])
        opt_d.load_state_dict(ck["opt_d"])
        step, elapsed_before = ck["step"], ck["elapsed_s"]
        best_psnr, history = ck.get("best_psnr", -1.0), ck.get("history", [])
        best_score = ck.get("best_score", best_psnr if cfg.select_on == "psnr" else -1.0)
        if ck.get("val_fingerprint") != val_fingerprint:
            best_psnr = best_score = -1.0  # a different validation set (new shards): earlier bests are not comparable
            log("validation set changed since the checkpoint: best PSNR restarts")
        cfg.line_width_px = ck["config"]["line_width_px"]
        log(f"resumed {last_path} at step {step} ({elapsed_before / 60:.1f} min)")
    elif cfg.init_from:
        warm_start(cfg, gen, disc, in_channels, log)
        ema.load_state_dict(gen.state_dict())
    if cfg.line_width_px <= 0:
        cfg.line_width_px = measure_line_width(train, seed=cfg.seed)
    gen_ddp = torch.nn.parallel.DistributedDataParallel(gen, device_ids=[local] if device.type == "cuda" else None) if ddp else gen
    disc_ddp = torch.nn.parallel.DistributedDataParallel(disc, device_ids=[local] if device.type == "cuda" else None) if ddp else disc

    log(f"config {json.dumps(dataclasses.asdict(cfg))}")
    log(f"train {len(train['color'])} images, val {len(vx)}; G {count_parameters(gen)} params, D {count_parameters(disc)}; "
        f"device {device}, world {dist.get_world_size() if ddp else 1}, amp {use_amp}, malloc tuned {malloc_tuned}")

    ds = ColorizationDataset(boosted(train, cfg.source_boost), cfg.crop, seed=cfg.seed, with_fill=not cfg.no_fill, zoom_p=cfg.zoom_p,
                            zoom_max=cfg.zoom_max, rough_p=cfg.rough_strokes)
    g_sampler = torch.Generator()
    g_sampler.manual_seed(cfg.seed * 1000 + rank + step)  # a resumed run draws new samples
    # The weighted sampler draws all its indices up front: keep an epoch modest and restart it.
    # An epoch of 1000 batches: each restart drains the workers' queue (a stall on a fast GPU).
    loader = DataLoader(ds, batch_size=cfg.batch, sampler=ds.sampler(1000 * cfg.batch, g_sampler), num_workers=cfg.workers,
                        drop_last=True, persistent_workers=cfg.workers > 0, worker_init_fn=one_thread_per_worker,
                        pin_memory=device.type == "cuda")

    def forever():
        while True:
            yield from loader

    batches = forever()

    def save(path: str) -> None:
        torch.save({
            "generator": gen.state_dict(), "ema": ema.state_dict(), "discriminator": disc.state_dict(),
            "opt_g": opt_g.state_dict(), "opt_d": opt_d.state_dict(), "step": step,
            "elapsed_s": elapsed_before + time.time() - t0, "best_psnr": best_psnr, "best_score": best_score, "history": history,
            "val_fingerprint": val_fingerprint,
            "config": {**dataclasses.asdict(cfg), "widths": list(cfg.widths), "in_channels": in_channels},
        }, path + ".tmp")
        os.replace(path + ".tmp", path)

    ssim_sigmas = tuple(float(v) for v in cfg.ssim_sigmas.split(","))
    t0 = time.time()
    t_log, meter = time.time(), new_meter()
    while True:
        elapsed = elapsed_before + time.time() - t0
        done = bool((cfg.max_steps and step >= cfg.max_steps) or (not cfg.max_steps and elapsed >= 60 * cfg.max_minutes))
        if ddp:  # every rank must stop at the same step, or the next all-reduce hangs
            flag = torch.tensor([float(done)], device=device)
            dist.all_reduce(flag, op=dist.ReduceOp.MAX)
            done = bool(flag.item())
        if step % cfg.val_every == 0 or done:
            if master:
                metrics = validate(ema, vx, vy, device)
                if zoomed_val is not None:
                    zoomed = validate(ema, *zoomed_val, device, batch=2)
                    metrics.update(psnr_zoom=zoomed["psnr"], hint_psnr_zoom=zoomed["hint_psnr"])
                metrics.update(step=step, minutes=round(elapsed / 60, 2))
                history.append(metrics)
                metrics["score"] = selection_score(cfg, metrics)
                if metrics["score"] > best_score:
                    best_score, best_psnr = metrics["score"], metrics["psnr"]
                    save(best_path)
                save(last_path)
                save_samples(os.path.join(log_dir, f"samples-{step:06d}.png"), ema, vx, vy, device)
                with open(os.path.join(log_dir, "summary.json"), "w") as f:
                    json.dump({"run": cfg.run, "best_psnr": best_psnr, "best_score": best_score, "history": history}, f, indent=1)
                zoom_note = (f"at {cfg.val_zoom:g}x {metrics['psnr_zoom']:.2f} / {metrics['hint_psnr_zoom']:.2f} dB "
                             if zoomed_val is not None else "")
                log(f"val step {step}: ema psnr {metrics['psnr']:.2f} dB hint psnr {metrics['hint_psnr']:.2f} dB "
                    f"{zoom_note}l1 {metrics['l1']:.4f} score {metrics['score']:.2f} (best {best_score:.2f})")
        if done:
            break

        x, y = next(batches)
        x, y = x.to(device, non_blocking=True), y.to(device, non_blocking=True)
        f = lr_factor(cfg, step, elapsed)
        for group, base in zip(opt_g.param_groups, base_lrs_g):
            group["lr"] = base * f
        for group in opt_d.param_groups:
            group["lr"] = cfg.lr_d * f
        use_gan = not cfg.l1_only and step >= cfg.gan_start

        with torch.autocast(device.type, enabled=use_amp):
            fake = gen_ddp(x)
        # -- D step (hinge)
        d_loss = torch.zeros((), device=device)
        if use_gan:
            with torch.autocast(device.type, enabled=use_amp):
                # one forward over real and fake together: DDP wants one forward per backward
                d_real, d_fake = disc_ddp(torch.cat([x, x]), torch.cat([y, fake.detach()])).float().chunk(2)
                d_loss = F.relu(1 - d_real).mean() + F.relu(1 + d_fake).mean()
            opt_d.zero_grad(set_to_none=True)
            scaler.scale(d_loss).backward()
            scaler.step(opt_d)
        # -- G step
        # D is frozen for the G step and called outside DDP: its gradients are not wanted here.
        disc.requires_grad_(False)
        with torch.autocast(device.type, enabled=use_amp):
            if cfg.hint_l1_boost > 0:
                # Hinted pixels should come out in the hint's colour; they are a few percent of the
                # image, so a plain mean lets the network ignore them.
                w = 1.0 + cfg.hint_l1_boost * x[:, 4:5]
                l1 = ((fake.float() - y).abs() * w).mean() / w.mean()
            else:
                l1 = F.l1_loss(fake.float(), y)
            fm = torch.zeros((), device=device)
            if use_gan and cfg.fm_weight > 0:
                # Matching D's features of the real image asks for its texture and shading
                # statistics, a steadier signal than the patch logits alone.
                fake_feats = disc.features(x, fake)
                with torch.no_grad():
                    real_feats = disc.features(x, y)
                fm = sum(F.l1_loss(a.float(), b.float()) for a, b in zip(fake_feats[:-1], real_feats[:-1])) / (len(fake_feats) - 1)
                g_gan = -fake_feats[-1].float().mean()
            elif use_gan:
                g_gan = -disc(x, fake).float().mean()
            else:
                g_gan = torch.zeros((), device=device)
            ssim = ssim_loss(fake, y, ssim_sigmas) if cfg.ssim_weight > 0 else torch.zeros((), device=device)
            tone = region_tone_loss(fake, y, line_regions(x), one_sided=cfg.tone_one_sided) if cfg.tone_weight > 0 else torch.zeros((), device=device)
            g_loss = (cfg.l1_weight * l1 + cfg.gan_weight * g_gan + cfg.fm_weight * fm + cfg.ssim_weight * ssim
                      + cfg.tone_weight * tone)
        disc.requires_grad_(True)
        opt_g.zero_grad(set_to_none=True)
        scaler.scale(g_loss).backward()
        scaler.step(opt_g)
        scaler.update()
        # -- EMA of the generator (warm-up so early averages are not dominated by the random init)
        # (a warm start already has a good average: it keeps the full decay from the first step)
        decay = cfg.ema_decay if cfg.init_from else min(cfg.ema_decay, (1 + step) / (10 + step))
        with torch.no_grad():
            for pe, pg in zip(ema.parameters(), gen.parameters()):
                pe.mul_(decay).add_(pg.detach(), alpha=1 - decay)
            for be, bg in zip(ema.buffers(), gen.buffers()):
                be.copy_(bg)
        step += 1

        meter["l1"] += l1.item()
        meter["g_gan"] += float(g_gan.item())
        meter["d"] += float(d_loss.item())
        meter["fm"] += float(fm.item())
        meter["ssim"] += float(ssim.item())
        meter["tone"] += float(tone.item())
        meter["n"] += 1
        if step % cfg.log_every == 0:
            n, dt = meter["n"], time.time() - t_log
            log(f"step {step} l1 {meter['l1'] / n:.4f} g_gan {meter['g_gan'] / n:.3f} d {meter['d'] / n:.3f} "
                f"fm {meter['fm'] / n:.4f} ssim {meter['ssim'] / n:.4f} tone {meter['tone'] / n:.4f} "
                f"lr {cfg.lr_g * f:.2e} {n * cfg.batch / dt:.1f} img/s")
            t_log, meter = time.time(), new_meter()

    if ddp:
        dist.destroy_process_group()
    return {"step": step, "best_psnr": best_psnr, "best_score": best_score, "history": history, "checkpoint": best_path}


if __name__ == "__main__":
    main()
