// The baseline for cold-start ratios: a bundle of @actions/core alone that fails fast like ours do.
import * as core from '@actions/core';

if (!core.getInput('image')) core.setFailed("Input 'image': a value is required but none was given.");
