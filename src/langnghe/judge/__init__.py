"""The judge: test cells evaluated outside the trainee's kernel, on answers that cross as data."""
