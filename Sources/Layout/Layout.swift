// Layout module
