public enum LibGit2Placeholder {}
